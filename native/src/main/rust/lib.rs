//! `iou_rustls`: a C ABI over rustls 0.20 for the ioucontext io_uring reactor, called from Java
//! through FFM. The declarations live in `include/iou_rustls.h`; the design of the ABI still to
//! come (connections over caller-owned buffers) is in `README.md`.

use std::os::raw::c_char;

/// NUL-terminated, so C and FFM callers can read it in place for the life of the process.
static VERSION: &str = concat!(
    "iou_rustls ",
    env!("CARGO_PKG_VERSION"),
    " (rustls ",
    env!("IOU_RUSTLS_RUSTLS_VERSION"),
    ")\0"
);

/// This library's version and the rustls version it was built with, e.g.
/// `iou_rustls 0.1.0 (rustls 0.20.8)`: a static NUL-terminated string the caller must not free.
#[no_mangle]
pub extern "C" fn iou_rustls_version() -> *const c_char {
    VERSION.as_ptr().cast()
}
