"""Classic pcap reading and writing with the standard library only (bench/detection.py, bench/flood_pcap.py).

Records are (seconds, fraction, caplen, original length, data); the fraction is in the file's unit (microseconds, or
nanoseconds for the a1b23c4d magic). Files in other formats (pcapng) are rejected with a message naming the file.
"""
import struct

MAGICS = {
    b"\xd4\xc3\xb2\xa1": ("<", 1_000),        # little-endian, microseconds
    b"\xa1\xb2\xc3\xd4": (">", 1_000),
    b"\x4d\x3c\xb2\xa1": ("<", 1),            # little-endian, nanoseconds
    b"\xa1\xb2\x3c\x4d": (">", 1),
}


class PcapError(Exception):
    pass


def read(path):
    """Yields the link type first, then (time_ns, original length, data bytes) for every record of a classic pcap
    file."""
    with open(path, "rb") as f:
        header = f.read(24)
        if len(header) < 24 or header[:4] not in MAGICS:
            raise PcapError(f"{path}: not a classic pcap file (magic {header[:4].hex()})")
        order, unit_ns = MAGICS[header[:4]]
        linktype = struct.unpack(order + "I", header[20:24])[0]
        yield linktype
        record = struct.Struct(order + "IIII")
        offset = 24
        while True:
            head = f.read(16)
            if not head:
                return
            if len(head) < 16:
                raise PcapError(f"{path}: record header cut short at byte {offset}")
            sec, frac, caplen, length = record.unpack(head)
            data = f.read(caplen)
            if len(data) < caplen:
                raise PcapError(f"{path}: record data cut short at byte {offset}")
            offset += 16 + caplen
            yield (sec * 1_000_000_000 + frac * unit_ns, length, data)


def first_time_ns(path):
    """Returns the time of the first record of a classic pcap file, in nanoseconds since the Unix epoch."""
    records = read(path)
    next(records)
    for time_ns, _, _ in records:
        return time_ns
    raise PcapError(f"{path}: no packets")


class Writer:
    """Writes a little-endian microsecond pcap file, records copied verbatim or made from (time, bytes)."""

    def __init__(self, path, linktype=1, snaplen=262144):
        self._file = open(path, "wb", buffering=1 << 20)
        self._file.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, snaplen, linktype))
        self._record = struct.Struct("<IIII")
        self.count = 0

    def write(self, time_us, data, original_length=None):
        self._file.write(self._record.pack(time_us // 1_000_000, time_us % 1_000_000, len(data),
                                           original_length or len(data)))
        self._file.write(data)
        self.count += 1

    def close(self):
        self._file.close()

    def __enter__(self):
        return self

    def __exit__(self, *_):
        self.close()
