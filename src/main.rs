fn main() -> std::process::ExitCode {
    hand_back_freed_memory_soon();
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

/// For one-shot commands: memory freed when a build moves from resolving to
/// rendering goes back to the system after 100 ms instead of mimalloc's
/// default second, so it is not counted in the peak beside the render's own.
/// At 100,000 articles the peak falls from 895–952 MiB to 864–874 MiB, at no
/// measurable cost in time (BENCHMARKS.md); handing it back at once (0)
/// makes the build spend seconds more in the kernel.
fn hand_back_freed_memory_soon() {
    // SAFETY: sets one integer option, first thing in `main`.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 100) };
}

/// For `watch` and `serve`: every rebuild frees and allocates much the same
/// memory, and a rebuild after a pause (a person typing) would take each
/// page back with a page fault: at 100,000 articles, 40 % of the rebuild
/// with mimalloc's default (BENCHMARKS.md). Freed memory is kept instead.
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
