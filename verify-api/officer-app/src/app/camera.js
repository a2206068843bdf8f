// Scanning with the camera: the back camera (facingMode environment) into a <video>, frames drawn
// into a small canvas and handed to jsQR (loaded only when the camera is first used, so the app's
// first load stays small). The camera is stopped as soon as a code is read.

let stream = null;
let running = false;

export function cameraOn() {
  return running;
}

/** Starts the camera in {@code video}; calls {@code onCode(text)} once, with the first code read. */
export async function startCamera(video, onCode) {
  const { default: jsQR } = await import('jsqr');
  stream = await navigator.mediaDevices.getUserMedia({
    video: { facingMode: 'environment', width: { ideal: 1280 }, height: { ideal: 720 } }, audio: false,
  });
  video.srcObject = stream;
  video.setAttribute('playsinline', '');
  await video.play();
  running = true;
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  const tick = () => {
    if (!running) return;
    if (video.readyState >= 2 && video.videoWidth > 0) {
      // at most 800 px wide: enough for a label's QR at arm's length, cheap on a cheap phone
      const scale = Math.min(1, 800 / video.videoWidth);
      canvas.width = Math.round(video.videoWidth * scale);
      canvas.height = Math.round(video.videoHeight * scale);
      ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
      const img = ctx.getImageData(0, 0, canvas.width, canvas.height);
      const found = jsQR(img.data, img.width, img.height, { inversionAttempts: 'dontInvert' });
      if (found && found.data) {
        stopCamera(video);
        onCode(found.data);
        return;
      }
    }
    setTimeout(tick, 120);
  };
  tick();
}

export function stopCamera(video) {
  running = false;
  if (stream) {
    stream.getTracks().forEach((t) => t.stop());
    stream = null;
  }
  if (video) video.srcObject = null;
}
