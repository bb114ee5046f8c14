package org.safeguarding.hub.directory;

import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Set;

/**
 * Which schools an alert is for. Open establishments match when they match every kind that is given (any value
 * within a kind); schools named by URN are added whatever the rest says. Values are GIAS's: LA codes ("881"),
 * district names, phase names ("Primary"), establishment type names.
 */
public record Targeting(
        @Size(max = 50, message = "Choose at most 50 local authorities") List<@Size(max = 10) String> localAuthorities,
        @Size(max = 100, message = "Choose at most 100 districts") List<@Size(max = 120) String> districts,
        @Size(max = 20, message = "Choose at most 20 phases") List<@Size(max = 60) String> phases,
        @Size(max = 60, message = "Choose at most 60 establishment types") List<@Size(max = 120) String> establishmentTypes,
        @Size(max = 5000, message = "Name at most 5,000 schools by URN") List<Long> urns) {

    public Targeting {
        localAuthorities = clean(localAuthorities);
        districts = clean(districts);
        phases = clean(phases);
        establishmentTypes = clean(establishmentTypes);
        urns = urns == null ? List.of() : urns.stream().filter(u -> u != null).distinct().toList();
    }

    private static List<String> clean(List<String> values) {
        return values == null ? List.of()
                : values.stream().filter(v -> v != null && !v.isBlank()).map(String::strip).distinct().toList();
    }

    /** Whether any of LA, district, phase or type is given; without them only schools named by URN match. */
    public boolean hasArea() {
        return !localAuthorities.isEmpty() || !districts.isEmpty() || !phases.isEmpty() || !establishmentTypes.isEmpty();
    }

    public boolean isEmpty() {
        return !hasArea() && urns.isEmpty();
    }

    /** The same schools by the same rules, whatever order the values were given in. */
    public boolean sameAs(Targeting other) {
        return Set.copyOf(localAuthorities).equals(Set.copyOf(other.localAuthorities))
                && Set.copyOf(districts).equals(Set.copyOf(other.districts))
                && Set.copyOf(phases).equals(Set.copyOf(other.phases))
                && Set.copyOf(establishmentTypes).equals(Set.copyOf(other.establishmentTypes))
                && Set.copyOf(urns).equals(Set.copyOf(other.urns));
    }

    public static Targeting none() {
        return new Targeting(List.of(), List.of(), List.of(), List.of(), List.of());
    }
}
