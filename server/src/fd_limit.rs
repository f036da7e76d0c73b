//! How many connections the server holds open at once. Each takes a file
//! descriptor, so the process first raises its soft limit on them to the
//! hard limit (as Go's runtime does at start; systemd's default soft limit
//! of 1024 is a legacy of `select`), then keeps a reserve for everything
//! else. Past the bound, clients wait in the kernel's accept queue instead
//! of failing with EMFILE.

/// The most connections served at once, whatever the limit: bounds memory
/// (hyper buffers up to `MAX_HEADER_BYTES` per connection) under a flood.
const MAX_CONNECTIONS: usize = 4096;
/// Descriptors kept for the listener, the runtime (epoll, eventfd),
/// stdio, and the client each accept loop holds while it waits for a slot
/// (`shell::listener`).
const RESERVED: u64 = 64;

/// Raises the descriptor limit and returns the bound on open connections.
pub(crate) fn connection_bound() -> usize {
    let limit = match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(limit) => limit,
        Err(error) => {
            eprintln!("phasespace: cannot read the open-file limit ({error}); assuming 1024");
            1024
        }
    };
    bound_for(limit)
}

fn bound_for(descriptors: u64) -> usize {
    let usable = descriptors.saturating_sub(RESERVED).max(1);
    usize::try_from(usable).map_or(MAX_CONNECTIONS, |n| n.min(MAX_CONNECTIONS))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bound_leaves_a_reserve_and_is_capped() {
        assert_eq!(bound_for(1024), 960);
        assert_eq!(bound_for(1_048_576), MAX_CONNECTIONS);
        assert_eq!(bound_for(10), 1);
    }

    #[test]
    fn the_limit_is_raised_to_the_hard_one() {
        let bound = connection_bound();
        let (soft, hard) = rlimit::Resource::NOFILE.get().unwrap();
        assert_eq!(soft, hard);
        assert_eq!(bound, bound_for(soft));
    }
}
