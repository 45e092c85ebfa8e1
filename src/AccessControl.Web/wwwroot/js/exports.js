// Streams an export with fetch, reporting bytes and lines as they arrive (the server streams, so the first bytes come
// at once), then hands the file to the browser's save. Used by /reports/exports.
export async function download(url, fileName, dotnet) {
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) {
    let detail = response.statusText;
    try { detail = (await response.json()).detail || detail; } catch { /* not a problem document */ }
    throw new Error(`${response.status}: ${detail}`);
  }
  const reader = response.body.getReader();
  const chunks = [];
  let bytes = 0, lines = 0, last = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    bytes += value.length;
    for (let i = 0; i < value.length; i++) if (value[i] === 10) lines++;
    const now = performance.now();
    if (now - last > 150) { last = now; await dotnet.invokeMethodAsync('Progress', bytes, lines); }
  }
  await dotnet.invokeMethodAsync('Progress', bytes, lines);
  const blob = new Blob(chunks, { type: response.headers.get('content-type') || 'application/octet-stream' });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 30000);
  return bytes;
}
