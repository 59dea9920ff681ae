// Where the app runs. Riders mostly scan posters with WeChat's 扫一扫, so the page opens in
// WeChat's own browser: no install prompt there, service workers and Background Sync not
// to be relied on, and a file input with `capture` offers only the camera, not the album.
export const inWeChat = /MicroMessenger/i.test(navigator.userAgent);

// A photo picker that works everywhere: outside WeChat it opens the rear camera first;
// inside WeChat the same input lets the rider take a photo or pick one from the album.
export function photoInputAttributes({ multiple = false } = {}) {
  const attributes = { type: "file", accept: "image/*" };
  if (!inWeChat) attributes.capture = "environment";
  if (multiple) attributes.multiple = true;
  return attributes;
}
