fn main() -> std::process::ExitCode {
    briefing::cli::main()
}

// A build allocates and frees many small strings and Tera values from two
// threads at once; mimalloc takes about a tenth of the CPU time off a
// 10,000-article build (BENCHMARKS.md). Its `no_thp` build keeps it off
// transparent huge pages, which would add 30 MB of resident memory.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
