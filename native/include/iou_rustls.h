/*
 * iou_rustls.h: the C ABI of libiou_rustls.so, a thin layer over rustls 0.20 built from
 * native/src/main/rust. Java binds it through FFM in io.ioucontext.natives.IouRustls, which
 * mirrors this file. The functions still to come are designed in native/README.md.
 */
#ifndef IOU_RUSTLS_H
#define IOU_RUSTLS_H

/*
 * This library's version and the version of rustls it was built with, for example
 * "iou_rustls 0.1.0 (rustls 0.20.8)". A static NUL-terminated string: never free it.
 */
const char *iou_rustls_version(void);

#endif /* IOU_RUSTLS_H */
