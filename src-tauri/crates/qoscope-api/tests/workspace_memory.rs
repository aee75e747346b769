//! An open meeting does not hold its snapshot's raw responses (issue #20: they stay on disk once
//! the meeting is derived). The heap this test binary allocates is counted, so what a workspace
//! keeps can be weighed: padding the responses with megabytes Zoom might send (fields QoScope
//! does not read) must not make the open meeting any heavier.
//! One test only in this binary, so no other test allocates while it counts.

use qoscope_api::workspace::Workspace;
use qoscope_snapshot::Snapshot;
use serde_json::value::RawValue;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

struct Counting;

static LIVE_BYTES: AtomicIsize = AtomicIsize::new(0);

// SAFETY: every call is forwarded to the system allocator unchanged; only a counter is added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE_BYTES.fetch_add(layout.size() as isize, Ordering::Relaxed);
        System.alloc(layout)
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        LIVE_BYTES.fetch_add(layout.size() as isize, Ordering::Relaxed);
        System.alloc_zeroed(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE_BYTES.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE_BYTES.fetch_add(new_size as isize - layout.size() as isize, Ordering::Relaxed);
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const PADDING_PER_BODY: usize = 4 << 20;

fn live() -> isize {
    LIVE_BYTES.load(Ordering::Relaxed)
}

/// The demo's snapshot with four megabytes of unread text in front of every JSON object response.
fn padded_demo() -> Snapshot {
    let mut snapshot = qoscope_sim::demo_snapshot().unwrap();
    let filler = "x".repeat(PADDING_PER_BODY);
    for exchange in &mut snapshot.exchanges {
        let Some(body) = exchange.body.as_ref().map(|b| b.get().trim().to_owned()) else { continue };
        let Some(rest) = body.strip_prefix('{') else { continue };
        let comma = if rest.trim_start().starts_with('}') { "" } else { "," };
        let padded = format!("{{\"qoscope_test_padding\":\"{filler}\"{comma}{rest}");
        exchange.body = Some(RawValue::from_string(padded).unwrap());
    }
    snapshot
}

/// The bytes a workspace opened from `snapshot` keeps (the snapshot is counted from its making).
fn held_by_workspace(make: fn() -> Snapshot) -> (isize, isize) {
    let before = live();
    let snapshot = make();
    let snapshot_bytes = live() - before;
    let workspace = Workspace::from_snapshot(snapshot).unwrap();
    let held = live() - before;
    drop(workspace);
    (snapshot_bytes, held)
}

#[test]
fn the_open_meeting_keeps_none_of_the_raw_responses() {
    let plain = || qoscope_sim::demo_snapshot().unwrap();
    let (plain_snapshot, plain_held) = held_by_workspace(plain);
    let (padded_snapshot, padded_held) = held_by_workspace(padded_demo);
    let padding = padded_snapshot - plain_snapshot;
    assert!(padding >= 4 * PADDING_PER_BODY as isize, "the padding is in the snapshot: {padding} bytes");
    // The same meeting, analysed the same way: what it holds may differ by a little (allocation
    // sizes), never by the responses' megabytes.
    assert!(
        (padded_held - plain_held).abs() < 256 * 1024,
        "the workspace holds {padded_held} bytes with {padding} bytes of padding in the responses, \
         {plain_held} without: it keeps the raw responses"
    );
    eprintln!("snapshot {plain_snapshot} B (+{padding} B padding), workspace {plain_held} B ({padded_held} B padded)");
}
