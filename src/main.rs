fn main() -> std::process::ExitCode {
    briefing::cli::main_with(keep_freed_memory)
}

// A build allocates and frees many small strings and Tera values from two
// threads at once; mimalloc takes about a tenth of the CPU time off a
// 10,000-article build (BENCHMARKS.md). Its `no_thp` build keeps it off
// transparent huge pages, which would add 30 MB of resident memory.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc 3's `mi_option_purge_delay` (the binding names no constant for
/// it; the test below checks the number still means that option).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// For `watch` and `serve`: every rebuild frees and allocates much the same
/// memory, and mimalloc hands freed memory back to the system after a
/// second. A rebuild after a pause (a person typing) then takes each page
/// back with a page fault: at 100,000 articles, 40 % of the rebuild
/// (BENCHMARKS.md). Freed memory is kept for a minute instead. A one-shot
/// build keeps the default: its peak memory would grow.
fn keep_freed_memory() {
    // SAFETY: sets one integer option; called once, before any rebuild.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) };
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_purge_delay_option_is_the_one_set() {
        // mimalloc 3's default purge delay is 1000 ms; another option at
        // this number would not have that default.
        // SAFETY: reads one integer option.
        let delay = unsafe { libmimalloc_sys::mi_option_get(super::PURGE_DELAY) };
        assert_eq!(delay, 1000);
    }
}
