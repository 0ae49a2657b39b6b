#!/usr/bin/env python3
"""Prints the current RFC 6238 code (HMAC-SHA1, 30 s, 6 digits) for a base32 seed, like an authenticator app."""
import base64, hmac, struct, sys, time

seed = base64.b32decode(sys.argv[1].upper() + "=" * (-len(sys.argv[1]) % 8))
digest = hmac.new(seed, struct.pack(">Q", int(time.time()) // 30), "sha1").digest()
offset = digest[-1] & 0x0F
print("%06d" % ((struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000))
