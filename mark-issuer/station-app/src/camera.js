// The camera option: a camera (a webcam over the line, or the PC's own) into a <video>, frames
// handed to jsQR, which is loaded only when the camera is first switched on (a chunk of its own).
// Unlike a phone's one-shot read, the station keeps reading: each new code is passed on once, and
// the same code is passed again only after it left the picture for a second.

let stream = null;
let running = false;

export function cameraOn() {
  return running;
}

export async function startCamera(video, onCode) {
  const { default: jsQR } = await import('jsqr');
  stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 1280 }, height: { ideal: 720 } }, audio: false });
  video.srcObject = stream;
  video.setAttribute('playsinline', '');
  await video.play();
  running = true;
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  let last = null;
  let lastSeen = 0;
  const tick = () => {
    if (!running) return;
    if (video.readyState >= 2 && video.videoWidth > 0) {
      const scale = Math.min(1, 800 / video.videoWidth);
      canvas.width = Math.round(video.videoWidth * scale);
      canvas.height = Math.round(video.videoHeight * scale);
      ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
      const img = ctx.getImageData(0, 0, canvas.width, canvas.height);
      const found = jsQR(img.data, img.width, img.height, { inversionAttempts: 'dontInvert' });
      const now = performance.now();
      if (found && found.data) {
        if (found.data !== last || now - lastSeen > 1000) onCode(found.data);
        last = found.data;
        lastSeen = now;
      }
    }
    setTimeout(tick, 100);
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
