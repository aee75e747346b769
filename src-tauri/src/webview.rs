//! How the window's webview is set up on Linux (WebKitGTK), for a window that paints on every
//! machine and stays light while it sits open beside a ticket.
//!
//! * **No DMA-BUF renderer** unless the user asks for it: WebKitGTK's DMA-BUF renderer (the
//!   default since 2.42) leaves the window blank on many GPU stacks (NVIDIA's driver, some
//!   Wayland compositors, VMs) and, where there is no GPU, draws through a software OpenGL stack
//!   that cost QoScope's processes ~140 MB more at idle. Tauri apps commonly ship this default; WebKitGTK's own
//!   maintainers suggest it as the first fix. `WEBKIT_DISABLE_DMABUF_RENDERER=0` brings it back.
//!
//! Measured in `docs/benchmarks.md` (release package: idle memory, and where it goes).

/// The environment variable that switches WebKitGTK's DMA-BUF renderer off.
pub const DMABUF_RENDERER_ENV: &str = "WEBKIT_DISABLE_DMABUF_RENDERER";

/// Sets WebKit's environment before anything starts it. Call first thing in `main`, while the
/// process has one thread (the environment is not safe to change once others run). A value the
/// user set, whatever it is, is kept.
pub fn prepare_environment() {
    #[cfg(target_os = "linux")]
    if std::env::var_os(DMABUF_RENDERER_ENV).is_none() {
        std::env::set_var(DMABUF_RENDERER_ENV, "1");
    }
}
