//! How the window's webview is set up on Linux (WebKitGTK), for a window that paints on every
//! machine and stays light while it sits open beside a ticket.
//!
//! * **No DMA-BUF renderer** unless the user asks for it: WebKitGTK's DMA-BUF renderer (the
//!   default since 2.42) leaves the window blank on many GPU stacks (NVIDIA's driver, some
//!   Wayland compositors, VMs) and, where there is no GPU, draws through a software OpenGL stack
//!   that cost QoScope's processes ~140 MB more at idle. Tauri apps commonly ship this default;
//!   WebKitGTK's own maintainers suggest it as the first fix. `WEBKIT_DISABLE_DMABUF_RENDERER=0`
//!   brings it back (and with it WebKit's and GTK's own choices below).
//! * **No OpenGL in the window's own process** while that renderer is off: the page then arrives
//!   as shared-memory bitmaps that GTK paints with cairo, so the process needs no GL. Yet GTK
//!   probes GLX when it opens the display, and WebKit opens an EGL display only to ask which GPU
//!   render node the page's process should use. Each loads Mesa's driver, and with it LLVM
//!   (~24 MB in this process on Debian 12). QoScope names the render node itself — the boot
//!   GPU's (the one the display runs on, as EGL would say), else the first `/dev/dri/renderD*`
//!   this user can open, which is what WebKit falls back to when EGL cannot say — and tells GTK
//!   not to probe GL (`GDK_GL=disable`). The page's process still draws with the GPU through
//!   that node. Values the user set are kept.
//!
//! Measured in `docs/benchmarks.md` (release package: idle memory); where it goes: `docs/performance-notes.md`.

use std::ffi::OsString;
use std::path::Path;

/// The environment variable that switches WebKitGTK's DMA-BUF renderer off.
pub const DMABUF_RENDERER_ENV: &str = "WEBKIT_DISABLE_DMABUF_RENDERER";
/// The environment variable naming the GPU render node WebKit's page process draws with.
pub const RENDER_DEVICE_ENV: &str = "WEBKIT_WEB_RENDER_DEVICE_FILE";
/// GTK 3's OpenGL switch (`disable` keeps GTK from probing GLX when it opens the display).
pub const GDK_GL_ENV: &str = "GDK_GL";
/// The render device named when the machine has none. WebKit ignores an empty value, so this is
/// a name that matches no DRM device: the page's process then has no main device, exactly as
/// when WebKit finds no render node itself (it draws with EGL's default display).
pub const NO_RENDER_DEVICE: &str = "none";
/// Where Linux lists the GPU device nodes.
const DRI_DIR: &str = "/dev/dri";
/// Where Linux describes them (`<node>/device/boot_vga` is `1` for the GPU the machine booted on).
const SYS_DRM_DIR: &str = "/sys/class/drm";

/// Sets WebKit's environment before anything starts it. Call first thing in `main`, while the
/// process has one thread (the environment is not safe to change once others run).
pub fn prepare_environment() {
    #[cfg(target_os = "linux")]
    for (name, value) in webkit_environment(|name| std::env::var_os(name), Path::new(DRI_DIR), Path::new(SYS_DRM_DIR)) {
        std::env::set_var(name, value);
    }
}

/// The WebKit settings this process runs with, one line for the log and "Copy diagnostics":
/// `WEBKIT_DISABLE_DMABUF_RENDERER=1, WEBKIT_WEB_RENDER_DEVICE_FILE=none, GDK_GL=disable`.
pub fn describe_environment() -> String {
    [DMABUF_RENDERER_ENV, RENDER_DEVICE_ENV, GDK_GL_ENV]
        .iter()
        .map(|name| match std::env::var_os(name) {
            Some(value) => format!("{name}={}", value.to_string_lossy()),
            None => format!("{name} not set"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The variables to set (name, value) given the current environment (`get`), the directory of
/// DRM device nodes and sysfs' description of them. A variable the user set, whatever its value,
/// is never in the list.
pub fn webkit_environment(
    get: impl Fn(&str) -> Option<OsString>,
    dri_dir: &Path,
    sys_drm_dir: &Path,
) -> Vec<(&'static str, OsString)> {
    let mut set = Vec::new();
    let dmabuf_renderer = get(DMABUF_RENDERER_ENV);
    // WebKit's rule: the renderer is off when the variable is set to anything but "0".
    let dmabuf_renderer_off = match &dmabuf_renderer {
        None => {
            set.push((DMABUF_RENDERER_ENV, OsString::from("1")));
            true
        }
        Some(value) => value != "0",
    };
    if !dmabuf_renderer_off {
        return set;
    }
    if get(RENDER_DEVICE_ENV).is_none() {
        let device = render_node(dri_dir, sys_drm_dir).unwrap_or_else(|| NO_RENDER_DEVICE.into());
        set.push((RENDER_DEVICE_ENV, device));
    }
    if get(GDK_GL_ENV).is_none() {
        set.push((GDK_GL_ENV, OsString::from("disable")));
    }
    set
}

/// The render node for the page's process, as a path: the boot GPU's (on a laptop with two GPUs,
/// the one the display runs on), else the lowest-numbered `renderD<N>`, among the nodes this
/// user can open; `None` when there is none (no GPU, no driver, no permission, or a sandbox
/// without `/dev/dri`) — then EGL could not use one either, and WebKit would have named none.
pub fn render_node(dri_dir: &Path, sys_drm_dir: &Path) -> Option<OsString> {
    let entries = std::fs::read_dir(dri_dir).ok()?;
    let mut nodes: Vec<(bool, u32, std::path::PathBuf)> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name();
            let number: u32 = name.to_str()?.strip_prefix("renderD")?.parse().ok()?;
            let boot_vga = std::fs::read_to_string(sys_drm_dir.join(&name).join("device/boot_vga"))
                .is_ok_and(|flag| flag.trim() == "1");
            Some((!boot_vga, number, entry.path()))
        })
        .collect();
    nodes.sort_unstable();
    // Opening a render node has no effect beyond the check (it is closed again at once); the
    // boot GPU's is tried first, so a sleeping second GPU is not woken when it is not needed.
    let usable = |path: &Path| std::fs::OpenOptions::new().read(true).write(true).open(path).is_ok();
    nodes.into_iter().find(|(_, _, path)| usable(path)).map(|(_, _, path)| path.into_os_string())
}
