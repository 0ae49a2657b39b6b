// Calls one IAM operation on a broker with the AWS SDK for JavaScript v3 and prints the outcome as one JSON line:
//
//   echo '{"UserName":"alice"}' | node tests/js-client/iam.mjs <endpoint> GetUser
//
// Same contract as sts.mjs: the input (stdin, JSON, optional) is the SDK's own command input; credentials come from
// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, handed to the client explicitly; the client signs
// for us-east-1, IAM's global signing region. On success the command output is printed without $metadata (dates as
// ISO strings, blobs such as QRCodePNG as base64); on a service error {"error":{"name","message","fault","status"}} as the SDK parsed it, exit code 1.
import * as iam from '@aws-sdk/client-iam';

const [endpoint, operation] = process.argv.slice(2);
const Command = iam[`${operation}Command`];
if (!endpoint || !Command) {
  console.error('usage: node iam.mjs <endpoint> <Operation> [< input.json]');
  process.exit(2);
}

const client = new iam.IAMClient({
  endpoint,
  region: 'us-east-1',
  maxAttempts: 1,
  credentials: {
    accessKeyId: process.env.AWS_ACCESS_KEY_ID,
    secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY,
    sessionToken: process.env.AWS_SESSION_TOKEN,
  },
});

try {
  const { $metadata, ...output } = await client.send(new Command(await readInput()));
  console.log(JSON.stringify(output, blobsAsBase64));
} catch (error) {
  if (!error.$metadata) {
    throw error;
  }
  console.log(JSON.stringify({
    error: {
      name: error.name,
      message: error.message,
      fault: error.$fault,
      status: error.$metadata.httpStatusCode,
    },
  }));
  process.exitCode = 1;
}

// Blob members (Base32StringSeed, QRCodePNG, a credential report's Content) arrive as Uint8Array.
function blobsAsBase64(key, value) {
  return value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value;
}

async function readInput() {
  if (process.stdin.isTTY) {
    return {};
  }
  let text = '';
  for await (const chunk of process.stdin) {
    text += chunk;
  }
  return text.trim() === '' ? {} : JSON.parse(text);
}
