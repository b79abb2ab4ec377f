"""A second implementation of the Shoal wire protocol, written from docs/PROTOCOL.md alone, checked against the
golden files that the Java codecs pass too.

    /usr/bin/python3 shoal-protocol/src/test/python/golden_check.py shoal-protocol/src/test/resources/golden

For every frame in frames.json it builds the bytes from the manifest's fields and compares them with the .hex
file, then decodes the file and compares the fields; it recomputes the partitioner vectors (SplitMix64's
finalizer) and the slicing layouts. Exit status 0 when everything matches; otherwise the first difference is
printed. Standard library only, so that it runs wherever Python 3 does; the Python client (issue 13) can grow
from it. GoldenPythonTest runs it in the build.
"""
import json
import os
import re
import struct
import sys

HEADER = struct.Struct("<iBBHqii")  # length, version, type, flags, request id, table id, clock
FLAG_RESPONSE, FLAG_ERROR, FLAG_NOTIFICATION = 1, 2, 4
OPTIMIZER_FIELDS = ["lr", "momentum", "beta1", "beta2", "eps", "beta", "l1", "l2", "initialAccumulator"]
MASK64 = (1 << 64) - 1


class Writer:
    """Little-endian primitives; f32 values come as IEEE-754 bit patterns in hex, as frames.json gives them."""

    def __init__(self):
        self.out = bytearray()

    def u8(self, v): self.out += struct.pack("<B", v)
    def u16(self, v): self.out += struct.pack("<H", v)
    def i32(self, v): self.out += struct.pack("<i", v)
    def i64(self, v): self.out += struct.pack("<q", int(v))
    def f32(self, bits): self.out += struct.pack("<I", int(bits, 16))

    def str(self, text):
        data = text.encode("utf-8")
        self.u16(len(data))
        self.out += data

    def i32s(self, values):
        self.i32(len(values))
        for v in values:
            self.i32(v)


class Reader:
    """The inverse of Writer; running past the end is an error, and so are bytes left over."""

    def __init__(self, data):
        self.data, self.pos = data, 0

    def take(self, n):
        chunk = self.data[self.pos:self.pos + n]
        if len(chunk) != n:
            raise ValueError("truncated body")
        self.pos += n
        return chunk

    def u8(self): return self.take(1)[0]
    def u16(self): return struct.unpack("<H", self.take(2))[0]
    def i32(self): return struct.unpack("<i", self.take(4))[0]
    def i64(self): return str(struct.unpack("<q", self.take(8))[0])
    def f32(self): return "%08x" % struct.unpack("<I", self.take(4))[0]
    def str(self): return self.take(self.u16()).decode("utf-8")
    def i32s(self): return [self.i32() for _ in range(self.i32())]
    def rest(self): return self.take(len(self.data) - self.pos)
    def done(self): return self.pos == len(self.data)


class Codec:
    """Bodies of every message, by the tables of PROTOCOL.md; enum ids come from the manifest's "enums"."""

    def __init__(self, enums):
        self.ids = enums
        self.names = {kind: {v: k for k, v in ids.items()} for kind, ids in enums.items()}

    # -- control structures --
    def write_consistency(self, w, c):
        w.u8(self.ids["ConsistencyMode"][c["mode"]])
        w.i32(c["staleness"])

    def read_consistency(self, r):
        return {"mode": self.names["ConsistencyMode"][r.u8()], "staleness": r.i32()}

    def write_spec(self, w, s):
        w.str(s["name"])
        w.u8(self.ids["TableKind"][s["kind"]])
        w.u8(len(s["shape"]))
        for d in s["shape"]:
            w.i32(d)
        init, opt = s["initializer"], s["optimizer"]
        w.u8(self.ids["InitializerKind"][init["kind"]])
        w.f32(init["a"])
        w.f32(init["b"])
        w.i64(init["seed"])
        w.u8(self.ids["OptimizerKind"][opt["kind"]])
        for field in OPTIMIZER_FIELDS:
            w.f32(opt[field])
        w.u8(0 if s["consistency"] is None else 1)
        if s["consistency"] is not None:
            self.write_consistency(w, s["consistency"])
        w.u8(1 if s["allowNonFinite"] else 0)
        w.i32(s["maxSliceBytes"])

    def read_spec(self, r):
        s = {"name": r.str(), "kind": self.names["TableKind"][r.u8()]}
        s["shape"] = [r.i32() for _ in range(r.u8())]
        s["initializer"] = {"kind": self.names["InitializerKind"][r.u8()], "a": r.f32(), "b": r.f32(),
                            "seed": r.i64()}
        opt = {"kind": self.names["OptimizerKind"][r.u8()]}
        for field in OPTIMIZER_FIELDS:
            opt[field] = r.f32()
        s["optimizer"] = opt
        s["consistency"] = self.read_consistency(r) if r.u8() else None
        s["allowNonFinite"] = r.u8() != 0
        s["maxSliceBytes"] = r.i32()
        return s

    def write_descriptor(self, w, d):
        w.i32(d["id"])
        self.write_spec(w, d["spec"])
        self.write_consistency(w, d["consistency"])
        w.i32(d["layoutVersion"])
        w.i32(d["sliceLength"])
        w.i32s(d["owners"])
        w.i32(d["replicas"])

    def read_descriptor(self, r):
        return {"id": r.i32(), "spec": self.read_spec(r), "consistency": self.read_consistency(r),
                "layoutVersion": r.i32(), "sliceLength": r.i32(), "owners": r.i32s(), "replicas": r.i32()}

    def write_view(self, w, v):
        w.i32(v["epoch"])
        w.i32(len(v["servers"]))
        for s in v["servers"]:
            w.i32(s["id"])
            w.str(s["host"])
            w.i32(s["port"])
        w.i32s(v["liveWorkers"])
        w.i32(v["expectedWorkers"])
        self.write_consistency(w, v["consistency"])
        w.i32(v["partitions"])
        w.i32(v["layoutEpoch"])
        w.i32s(v["inService"])
        w.i32(v["heartbeatMillis"])
        w.i32s(v["joining"])

    def read_view(self, r):
        v = {"epoch": r.i32()}
        v["servers"] = [{"id": r.i32(), "host": r.str(), "port": r.i32()} for _ in range(r.i32())]
        v["liveWorkers"] = r.i32s()
        v["expectedWorkers"] = r.i32()
        v["consistency"] = self.read_consistency(r)
        v["partitions"] = r.i32()
        v["layoutEpoch"] = r.i32()
        v["inService"] = r.i32s()
        v["heartbeatMillis"] = r.i32()
        v["joining"] = r.i32s()
        return v

    def write_state(self, w, b):
        """STATE: u8 kind, then by kind request ids, worker clocks, a dense run, sparse rows or a chain's rounds."""
        kind = b["kind"]
        w.u8(self.ids["StateKind"][kind])
        if kind == "REQUEST_IDS":
            w.i32(b["n"])
            for i in b["ids"]:
                w.i64(i)
        elif kind == "CLOCKS":
            w.i32(b["n"])
            for c in b["clocks"]:
                w.i32(c["worker"])
                w.i32(c["clock"])
        elif kind == "DENSE_RUN":
            w.i32(b["slice"])
            w.i64(b["step"])
            w.i32(b["at"])
            w.i32(b["count"])
            w.u8(b["slots"])
            for v in b["params"]:
                w.f32(v)
            for slot in b["state"]:
                for v in slot:
                    w.f32(v)
        elif kind == "SPARSE_ROWS":
            w.i32(b["partition"])
            w.i32(b["dim"])
            w.u8(b["slots"])
            w.u8(1 if b["hasSteps"] else 0)
            w.i32(b["n"])
            for row in b["rows"]:
                w.i64(row["key"])
                if b["hasSteps"]:
                    w.i64(row["step"])
                for v in row["params"]:
                    w.f32(v)
                for slot in row["state"]:
                    for v in slot:
                        w.f32(v)
        elif kind == "ROUNDS":
            w.i32(b["owner"])
            w.i32(b["committed"])
            w.i32(b["n"])
            for e in b["rounds"]:
                w.i32(e["round"])
                w.i32(e["worker"])
                w.i32(e["pushes"])
            w.i32(b["m"])
            for i in b["openIds"]:
                w.i64(i)
        else:
            raise ValueError("unknown STATE kind %s" % kind)

    def read_state(self, r):
        """The inverse of write_state; the body must be exactly as long as its counts say."""
        length = len(r.data) - r.pos
        kind = self.names["StateKind"].get(r.u8())
        b = {"kind": kind}
        if kind in ("REQUEST_IDS", "CLOCKS"):
            n = r.i32()
            if n < 0 or length != 5 + 8 * n:
                raise ValueError("STATE %s body of %d bytes for n = %d" % (kind, length, n))
            b["n"] = n
            if kind == "REQUEST_IDS":
                b["ids"] = [r.i64() for _ in range(n)]
            else:
                b["clocks"] = [{"worker": r.i32(), "clock": r.i32()} for _ in range(n)]
        elif kind == "DENSE_RUN":
            b["slice"], b["step"], b["at"], b["count"], b["slots"] = r.i32(), r.i64(), r.i32(), r.i32(), r.u8()
            count, slots = b["count"], b["slots"]
            if count < 0 or length != 22 + 4 * count * (1 + slots):
                raise ValueError("STATE dense run body of %d bytes for %d floats, %d slots" % (length, count, slots))
            b["params"] = [r.f32() for _ in range(count)]
            b["state"] = [[r.f32() for _ in range(count)] for _ in range(slots)]
        elif kind == "SPARSE_ROWS":
            b["partition"], b["dim"], b["slots"] = r.i32(), r.i32(), r.u8()
            b["hasSteps"] = r.u8() != 0
            b["n"] = r.i32()
            n, dim, slots, steps = b["n"], b["dim"], b["slots"], b["hasSteps"]
            row = 8 + (8 if steps else 0) + 4 * dim * (1 + slots)
            if n < 0 or dim <= 0 or length != 15 + n * row:
                raise ValueError("STATE sparse rows body of %d bytes for %d rows of %d" % (length, n, row))
            b["rows"] = []
            for _ in range(n):
                item = {"key": r.i64()}
                if steps:
                    item["step"] = r.i64()
                item["params"] = [r.f32() for _ in range(dim)]
                item["state"] = [[r.f32() for _ in range(dim)] for _ in range(slots)]
                b["rows"].append(item)
        elif kind == "ROUNDS":
            b["owner"], b["committed"], n = r.i32(), r.i32(), r.i32()
            if n < 0 or length < 17 + 12 * n:
                raise ValueError("STATE rounds body of %d bytes for %d entries" % (length, n))
            b["n"] = n
            b["rounds"] = [{"round": r.i32(), "worker": r.i32(), "pushes": r.i32()} for _ in range(n)]
            m = r.i32()
            if m < 0 or length != 17 + 12 * n + 8 * m:
                raise ValueError("STATE rounds body of %d bytes for %d entries and %d ids" % (length, n, m))
            b["m"] = m
            b["openIds"] = [r.i64() for _ in range(m)]
        else:
            raise ValueError("unknown STATE kind")
        return b

    def read_clock(self, r):
        """CLOCK: empty, or i32 n, then n x (i32 tableId, i32 owner, i32 pushes), exactly."""
        if r.done():
            return {}
        n = r.i32()
        if n < 0 or len(r.data) != 4 + 12 * n:
            raise ValueError("CLOCK body of %d bytes for %d chains" % (len(r.data), n))
        chains = [{"tableId": r.i32(), "owner": r.i32(), "pushes": r.i32()} for _ in range(n)]
        if any(c["pushes"] < 0 or c["owner"] < 0 for c in chains):
            raise ValueError("CLOCK announces a negative push count or owner: %s" % chains)
        return {"n": n, "chains": chains}

    # -- message bodies --
    def write_body(self, kind, t, b):
        w = Writer()
        if kind == "error":
            w.u16(b["code"])
            w.str(b["message"])
        elif kind == "notification":
            self.write_view(w, b)
        elif t == "REGISTER" and kind == "request":
            w.u8(self.ids["NodeRole"][b["role"]])
            w.str(b["host"])
            w.i32(b["port"])
        elif t == "REGISTER":
            w.i32(b["nodeId"])
            w.str(b["status"])
        elif t in ("HEARTBEAT", "LEAVE") and kind == "request":
            w.i32(b["nodeId"])
            w.u8(self.ids["NodeRole"][b["role"]])
        elif t == "CREATE_TABLE" and kind == "request":
            self.write_spec(w, b)
        elif t == "OPEN_TABLE" and kind == "request":
            w.str(b["name"])
        elif t in ("CREATE_TABLE", "OPEN_TABLE") or (t == "INSTALL_TABLE" and kind == "request"):
            self.write_descriptor(w, b)
        elif t == "ECHO":
            w.out += bytes.fromhex(b["bytes"])
        elif t == "REPLICATE" and kind == "request":
            w.i32(b["layoutEpoch"])
            w.out += encode_frame(self, b["frame"])
        elif t == "SYNC" and kind == "request":
            w.i32(b["viewEpoch"])
            w.i32(b["serverId"])
        elif t == "STATE" and kind == "request":
            self.write_state(w, b)
        elif t == "CLOCK" and kind == "response":
            w.i32(b["layoutEpoch"])
        elif t == "CLOCK" and kind == "request" and b:
            w.i32(b["n"])
            for c in b["chains"]:
                w.i32(c["tableId"])
                w.i32(c["owner"])
                w.i32(c["pushes"])
        elif t == "ROUND_CLOSE" and kind == "request":
            w.i32(b["layoutEpoch"])
            w.i32(b["owner"])
            w.f32(b["scale"])
            w.i32(b["n"])
            for i in b["ids"]:
                w.i64(i)
        elif t.endswith("_DENSE") and kind == "request":
            w.i64(b["offset"])
            w.i32(b["count"])
            for v in b.get("values", []):
                w.f32(v)
        elif t.endswith("_DENSE") and b:
            w.i32(b["minClock"])
            w.i32(b["count"])
            for v in b["values"]:
                w.f32(v)
        elif t.endswith("_SPARSE") and kind == "request":
            w.i32(b["n"])
            w.i32(b["dim"])
            for k in b["keys"]:
                w.i64(k)
            for v in b.get("values", []):
                w.f32(v)
        elif t.endswith("_SPARSE") and b:
            w.i32(b["minClock"])
            w.i32(b["n"])
            w.i32(b["dim"])
            for v in b["values"]:
                w.f32(v)
        elif b:
            raise ValueError("%s %s has no body, manifest gives %s" % (t, kind, b))
        return bytes(w.out)

    def read_body(self, kind, t, r, codes):
        if kind == "error":
            code = r.u16()
            return {"code": code, "name": codes.get(code, "INTERNAL"), "message": r.str()}
        if kind == "notification":
            return self.read_view(r)
        if t == "REGISTER" and kind == "request":
            return {"role": self.names["NodeRole"][r.u8()], "host": r.str(), "port": r.i32()}
        if t == "REGISTER":
            return {"nodeId": r.i32(), "status": r.str()}
        if t in ("HEARTBEAT", "LEAVE") and kind == "request":
            return {"nodeId": r.i32(), "role": self.names["NodeRole"][r.u8()]}
        if t == "CREATE_TABLE" and kind == "request":
            return self.read_spec(r)
        if t == "OPEN_TABLE" and kind == "request":
            return {"name": r.str()}
        if t in ("CREATE_TABLE", "OPEN_TABLE") or (t == "INSTALL_TABLE" and kind == "request"):
            return self.read_descriptor(r)
        if t == "ECHO":
            return {"bytes": r.rest().hex()}
        if t == "REPLICATE" and kind == "request":
            b = {"layoutEpoch": r.i32(), "frame": decode_frame(self, codes, r.rest())}
            if b["frame"]["kind"] != "request" or not (b["frame"]["type"] or "").startswith("PUSH_"):
                raise ValueError("REPLICATE carries a %s %s, not a push request" % (b["frame"]["kind"],
                                                                                   b["frame"]["type"]))
            return b
        if t == "SYNC" and kind == "request":
            return {"viewEpoch": r.i32(), "serverId": r.i32()}
        if t == "STATE" and kind == "request":
            return self.read_state(r)
        if t == "CLOCK" and kind == "request":
            return self.read_clock(r)
        if t == "CLOCK" and kind == "response":
            b = {"layoutEpoch": r.i32()}
            if len(r.data) != 4:
                raise ValueError("CLOCK response body of %d bytes; i32 layoutEpoch" % len(r.data))
            return b
        if t == "ROUND_CLOSE" and kind == "request":
            b = {"layoutEpoch": r.i32(), "owner": r.i32(), "scale": r.f32(), "n": r.i32()}
            if b["n"] < 0 or len(r.data) != 16 + 8 * b["n"]:
                raise ValueError("ROUND_CLOSE body of %d bytes for %d ids" % (len(r.data), b["n"]))
            scale = struct.unpack("<f", struct.pack("<I", int(b["scale"], 16)))[0]
            if not 0 < scale <= 1:
                raise ValueError("ROUND_CLOSE scale %r is not in (0, 1]" % scale)
            b["ids"] = [r.i64() for _ in range(b["n"])]
            return b
        if t.endswith("_DENSE") and kind == "request":
            b = {"offset": r.i64(), "count": r.i32()}
            if t != "PULL_DENSE":
                b["values"] = [r.f32() for _ in range(b["count"])]
            return b
        if t in ("PULL_DENSE", "PUSH_PULL_DENSE"):
            b = {"minClock": r.i32(), "count": r.i32()}
            b["values"] = [r.f32() for _ in range(b["count"])]
            return b
        if t.endswith("_SPARSE") and kind == "request":
            b = {"n": r.i32(), "dim": r.i32()}
            b["keys"] = [r.i64() for _ in range(b["n"])]
            if t != "PULL_SPARSE":
                b["values"] = [r.f32() for _ in range(b["n"] * b["dim"])]
            return b
        if t in ("PULL_SPARSE", "PUSH_PULL_SPARSE"):
            b = {"minClock": r.i32(), "n": r.i32(), "dim": r.i32()}
            b["values"] = [r.f32() for _ in range(b["n"] * b["dim"])]
            return b
        return {}


def read_hex(path):
    """A .hex file: hex digits, with whitespace and '#' comments ignored."""
    with open(path, encoding="utf-8") as f:
        digits = "".join(re.sub(r"\s", "", line.split("#", 1)[0]) for line in f)
    return bytes.fromhex(digits)


def encode_frame(codec, e):
    body = codec.write_body(e["kind"], e["type"], e["body"])
    header = HEADER.pack(HEADER.size - 4 + len(body), 1, e["typeId"], e["flags"], int(e["requestId"]),
                         e["tableId"], e["clock"])
    return header + body


def decode_frame(codec, codes, data):
    if len(data) < HEADER.size:
        raise ValueError("%d bytes are less than a frame header" % len(data))
    length, version, type_id, flags, request_id, table_id, clock = HEADER.unpack_from(data)
    if version != 1 or length != len(data) - 4:
        raise ValueError("bad header: version %d, length %d for %d bytes" % (version, length, len(data)))
    kind = ("error" if flags & FLAG_ERROR else "notification" if flags & FLAG_NOTIFICATION
            else "response" if flags & FLAG_RESPONSE else "request")
    t = codec.names["MessageType"].get(type_id)
    r = Reader(data[HEADER.size:])
    body = codec.read_body(kind, t, r, codes)
    if not r.done():
        raise ValueError("trailing bytes after the body")
    return {"kind": kind, "type": t, "typeId": type_id, "flags": flags, "requestId": str(request_id),
            "tableId": table_id, "clock": clock, "length": length, "body": body}


def mix64(key):
    """SplitMix64's finalizer on the key's 64 bits, as PROTOCOL.md's partitioner gives it."""
    z = key & MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    return z ^ (z >> 31)


def least_loaded(load):
    return min(range(len(load)), key=lambda i: (load[i], i))


def ceil_div(a, b):
    return -(-a // b)


def check_frames(golden):
    manifest = json.load(open(os.path.join(golden, "frames.json")))
    codec = Codec(manifest["enums"])
    codes = {c["code"]: c["name"] for c in manifest["errorCodes"]}
    for e in manifest["frames"]:
        data = read_hex(os.path.join(golden, e["file"]))
        built = encode_frame(codec, e)
        if built != data:
            raise AssertionError("%s: encoded %s, file has %s" % (e["file"], built.hex(), data.hex()))
        expected = {k: v for k, v in e.items() if k not in ("file", "description")}
        decoded = decode_frame(codec, codes, data)
        if decoded != expected:
            raise AssertionError("%s: decoded %s, manifest has %s" % (e["file"], decoded, expected))
    return len(manifest["frames"])


def check_partitioner(golden):
    vectors = json.load(open(os.path.join(golden, "partitioner.json")))
    for v in vectors["vectors"]:
        h = mix64(int(v["key"]))
        if "%016x" % h != v["mix64"]:
            raise AssertionError("mix64(%s) = %016x, expected %s" % (v["key"], h, v["mix64"]))
        for p in vectors["partitionCounts"]:
            if h % p != v["partition"][str(p)]:
                raise AssertionError("key %s in %d partitions: %d, expected %d" % (v["key"], p, h % p,
                                                                                   v["partition"][str(p)]))
    return len(vectors["vectors"])


def check_slicing(golden):
    cases = json.load(open(os.path.join(golden, "slicing.json")))
    for c in cases["dense"]:
        elements, servers, max_slice = int(c["elements"]), c["servers"], c["maxSliceBytes"]
        load = [int(x) for x in c["loadBefore"]]
        by_size = ceil_div(4 * elements, max_slice)
        by_spread = min(servers, max(1, 4 * elements // 65536))
        count = min(max(by_size, by_spread), elements)
        length = ceil_div(elements, count)
        slices = []
        for s in range(ceil_div(elements, length)):
            server = least_loaded(load)
            n = min(length, elements - s * length)
            load[server] += 4 * n
            slices.append({"offset": str(s * length), "length": n, "server": server})
        got = (length, slices, [str(x) for x in load])
        want = (c["expected"]["sliceLength"], c["expected"]["slices"], c["expected"]["loadAfter"])
        if got != want:
            raise AssertionError("%s: got %s, expected %s" % (c["description"], got, want))
    for c in cases["sparse"]:
        partitions, servers = c["partitions"], c["servers"]
        load = [int(x) for x in c["loadBefore"]]
        start = least_loaded(load)
        owners = [(start + p) % servers for p in range(partitions)]
        load[start] += 1
        if owners != c["expected"]["owners"] or [str(x) for x in load] != c["expected"]["loadAfter"]:
            raise AssertionError("%s: owners or load differ" % c["description"])
        for k in c["expected"]["keys"]:
            p = mix64(int(k["key"])) % partitions
            if p != k["partition"] or owners[p] != k["server"]:
                raise AssertionError("%s: key %s to partition %d, server %d" % (c["description"], k["key"], p,
                                                                               owners[p]))
    return len(cases["dense"]) + len(cases["sparse"])


def main(golden):
    frames = check_frames(golden)
    keys = check_partitioner(golden)
    layouts = check_slicing(golden)
    print("golden files pass: %d frames, %d partitioner keys, %d layouts" % (frames, keys, layouts))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: golden_check.py GOLDEN_DIR")
    try:
        main(sys.argv[1])
    except (AssertionError, ValueError, KeyError) as e:
        sys.exit("golden_check: %s" % e)
