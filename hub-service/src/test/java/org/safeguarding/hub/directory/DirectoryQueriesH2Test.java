package org.safeguarding.hub.directory;

/** The directory's SQL on the test profile's in-memory H2 (PostgreSQL mode), the embedded default's database. */
class DirectoryQueriesH2Test extends DirectoryQueryContract {
}
