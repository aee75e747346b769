//! Giving freed memory back to the system. Opening a big meeting reads a file of a hundred
//! megabytes and derives the meeting from it; the file's text and its raw responses are freed
//! once the meeting is derived, but glibc's allocator keeps most of those pages for later, so the
//! window would go on holding them (hundreds of megabytes for a 1,000-person meeting).
//! [`release_freed`] asks glibc to return them; the commands that open a meeting call it.

/// Returns the allocator's free pages to the system (glibc's `malloc_trim`; elsewhere nothing).
pub fn release_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only gives free pages of glibc's heap back to the kernel; it touches
    // no live allocation and is safe to call from any thread at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}
