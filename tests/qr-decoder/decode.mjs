// Reads a base64 PNG on stdin and prints the text of the QR code in it (exit 1 when none is found).
import { PNG } from "pngjs";
import jsQR from "jsqr";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const png = PNG.sync.read(Buffer.from(Buffer.concat(chunks).toString("ascii").trim(), "base64"));
const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
if (!code) {
  console.error("no QR code found");
  process.exit(1);
}
process.stdout.write(code.data);
