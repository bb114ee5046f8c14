package org.safeguarding.hub.account;

import java.util.List;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;

/** Signs people in against the hub's own accounts (form login for pages, HTTP Basic for the API). */
@Service
class HubUserDetailsService implements UserDetailsService {

    private final AccountRepository accounts;

    HubUserDetailsService(AccountRepository accounts) {
        this.accounts = accounts;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        Account account = accounts.findByUsername(username)
                .orElseThrow(() -> new UsernameNotFoundException("no such account"));
        return User.withUsername(account.username())
                .password(account.passwordHash())
                .authorities(List.of(new SimpleGrantedAuthority(account.role().authority())))
                .disabled(!account.enabled())
                .build();
    }
}
