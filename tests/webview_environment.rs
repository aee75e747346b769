//! The WebKitGTK environment QoScope sets before its window starts (`webview::webkit_environment`):
//! what it sets on a fresh environment, and that whatever the user set is kept.

use qoscope_app::webview::{
    render_node, webkit_environment, DMABUF_RENDERER_ENV, GDK_GL_ENV, NO_RENDER_DEVICE, RENDER_DEVICE_ENV,
};
use std::collections::HashMap;
use std::ffi::OsString;
use std::path::Path;

/// A fake `/dev/dri` holding (empty files named as) the given device nodes.
fn dri_dir(nodes: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for node in nodes {
        std::fs::write(dir.path().join(node), b"").unwrap();
    }
    dir
}

/// A sysfs directory with nothing in it (no node marked as the boot GPU).
fn no_sysfs() -> &'static Path {
    Path::new("/nonexistent/qoscope-test/sys/class/drm")
}

/// The render node chosen, with no sysfs information.
fn first_render_node(dri: &Path) -> Option<OsString> {
    render_node(dri, no_sysfs())
}

/// What `webkit_environment` sets, as name → value, given the user's variables.
fn planned(user: &[(&str, &str)], dri: &Path) -> HashMap<&'static str, String> {
    let user: HashMap<String, OsString> = user.iter().map(|(k, v)| (k.to_string(), OsString::from(v))).collect();
    webkit_environment(|name| user.get(name).cloned(), dri, no_sysfs())
        .into_iter()
        .map(|(name, value)| (name, value.into_string().unwrap()))
        .collect()
}

#[test]
fn a_fresh_environment_gets_the_renderer_off_the_first_render_node_and_no_gtk_gl() {
    let dri = dri_dir(&["card1", "renderD129", "card0", "renderD128", "by-path"]);
    let set = planned(&[], dri.path());
    assert_eq!(set.len(), 3, "{set:?}");
    assert_eq!(set[DMABUF_RENDERER_ENV], "1");
    assert_eq!(set[RENDER_DEVICE_ENV], dri.path().join("renderD128").to_str().unwrap());
    assert_eq!(set[GDK_GL_ENV], "disable");
}

#[test]
fn render_nodes_are_ordered_by_number_not_by_name() {
    let dri = dri_dir(&["renderD99", "renderD128", "renderDx", "renderD"]);
    assert_eq!(first_render_node(dri.path()).unwrap(), dri.path().join("renderD99").into_os_string());
}

#[test]
fn the_boot_gpus_render_node_comes_first() {
    // A laptop whose display runs on the second GPU's node (renderD129).
    let dri = dri_dir(&["renderD128", "renderD129"]);
    let sys = tempfile::tempdir().unwrap();
    for (node, flag) in [("renderD128", "0\n"), ("renderD129", "1\n")] {
        std::fs::create_dir_all(sys.path().join(node).join("device")).unwrap();
        std::fs::write(sys.path().join(node).join("device/boot_vga"), flag).unwrap();
    }
    assert_eq!(render_node(dri.path(), sys.path()).unwrap(), dri.path().join("renderD129").into_os_string());
    // If the boot GPU's node cannot be opened, the next one is used.
    std::fs::remove_file(dri.path().join("renderD129")).unwrap();
    std::fs::create_dir(dri.path().join("renderD129")).unwrap();
    assert_eq!(render_node(dri.path(), sys.path()).unwrap(), dri.path().join("renderD128").into_os_string());
}

#[test]
fn a_render_node_this_user_cannot_open_is_skipped() {
    // (A directory cannot be opened for writing, as a node without permission cannot; the
    // tests may run as root, for whom permissions do not apply.)
    let dri = dri_dir(&["renderD129"]);
    std::fs::create_dir(dri.path().join("renderD128")).unwrap();
    assert_eq!(first_render_node(dri.path()).unwrap(), dri.path().join("renderD129").into_os_string());
    std::fs::remove_file(dri.path().join("renderD129")).unwrap();
    assert_eq!(planned(&[], dri.path())[RENDER_DEVICE_ENV], NO_RENDER_DEVICE);
}

#[test]
fn a_machine_without_render_nodes_names_no_device() {
    let only_cards = dri_dir(&["card0"]);
    assert_eq!(planned(&[], only_cards.path())[RENDER_DEVICE_ENV], NO_RENDER_DEVICE);
    let missing = Path::new("/nonexistent/qoscope-test/dri");
    assert_eq!(first_render_node(missing), None);
    assert_eq!(planned(&[], missing)[RENDER_DEVICE_ENV], NO_RENDER_DEVICE);
}

#[test]
fn a_user_who_turns_the_dmabuf_renderer_back_on_gets_webkits_and_gtks_own_choices() {
    let dri = dri_dir(&["renderD128"]);
    assert!(planned(&[(DMABUF_RENDERER_ENV, "0")], dri.path()).is_empty());
}

#[test]
fn every_variable_the_user_set_is_kept() {
    let dri = dri_dir(&["renderD128"]);
    let user = [(DMABUF_RENDERER_ENV, "1"), (RENDER_DEVICE_ENV, "/dev/dri/renderD130"), (GDK_GL_ENV, "gles")];
    assert!(planned(&user, dri.path()).is_empty());

    // Any value but "0" means "off" to WebKit, so the rest still applies.
    let set = planned(&[(DMABUF_RENDERER_ENV, "yes")], dri.path());
    assert!(!set.contains_key(DMABUF_RENDERER_ENV));
    assert_eq!(set[GDK_GL_ENV], "disable");

    let set = planned(&[(GDK_GL_ENV, "")], dri.path());
    assert!(!set.contains_key(GDK_GL_ENV), "an empty value the user set is still theirs");
    assert!(set.contains_key(RENDER_DEVICE_ENV));
}
