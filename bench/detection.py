#!/usr/bin/python3
"""The detection benchmark's stream builder and analysis (bench/detection.sh runs it; bench/README.md explains it).

  detection.py build   --datasets DIR --work DIR          the gateway-like stream, its split and per-packet labels
  detection.py analyze --work DIR --label NAME [...]     packet ROC AUC, TPR at 1% FPR, alert latency, false alerts
  detection.py selftest                                  the ROC AUC and TPR computations against brute force

Standard library only, plus numpy for the analysis. Everything is deterministic: the same datasets give the same
stream, byte for byte.
"""
import argparse
import bisect
import collections
import glob
import hashlib
import ipaddress
import json
import math
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pcap_io  # noqa: E402

NS = 1_000_000_000

# Capture time of the stream's first benign packet (2026-01-05 00:00:00 UTC); every segment is shifted relative to it.
ORIGIN_NS = 1_767_571_200 * NS
BENIGN_SECONDS = 2400            # benign background: 40 min with every IoT Sentinel device active at once
TRAIN_SECONDS = 1200             # the benign prefix the model learns from (first 20 min)
TAIL_SECONDS = 1920              # benign-only test tail: 20 to 32 min; attacks are overlaid from 32 min to 40 min
APPEND_GAP_SECONDS = 30          # first appended attack, after the benign background ends
EPISODE_SPACING_SECONDS = 90     # between episode starts: more than the alert cooldown (60 s) plus the episode

# (name, file under the datasets folder, placement): overlaid episodes run on top of live benign traffic, appended ones
# after the benign background ends.
EPISODES = [
    ("nmap-sV (overlaid)", "esnet-scan-pcaps/nmap_nmap_80_w_service_detection.pcap", "overlay"),
    ("masscan-udp (overlaid)", "esnet-scan-pcaps/masscan_udp_0_1000_20190821.pcap", "overlay"),
    ("syn-flood-spoofed (overlaid)", "stopddos-pcaps/pkt.TCP.synflood.spoofed.pcap", "overlay"),
    ("amp-isakmp (overlaid)", "stopddos-pcaps/amp.UDP.isakmp.pcap", "overlay"),
    ("nmap-A (appended)", "esnet-scan-pcaps/nmap_nmap_80_all.pcap", "append"),
    ("masscan-tcp (appended)", "esnet-scan-pcaps/masscan_tcp_0_1000_20190821.pcap", "append"),
    ("syn-flood-spoofed (appended)", "stopddos-pcaps/pkt.TCP.synflood.spoofed.pcap", "append"),
    ("reflection-synack (appended)", "stopddos-pcaps/amp.TCP.reflection.SYNACK.pcap", "append"),
    ("amp-dns-rrsig (appended)", "stopddos-pcaps/amp.dns.RRSIG.fragmented.pcap", "append"),
]

BENIGN = "benign"


def fail(message):
    print(f"detection.py: {message}", file=sys.stderr)
    sys.exit(2)


def run(*args):
    result = subprocess.run(args, capture_output=True, text=True)
    if result.returncode != 0:
        fail(f"{' '.join(args)} failed ({result.returncode}): {result.stderr.strip()}")
    return result.stdout


def span_ns(path):
    """Returns (first, last, count) packet times of a capture."""
    records = pcap_io.read(path)
    next(records)
    first = last = None
    count = 0
    for time_ns, _, _ in records:
        first = time_ns if first is None else first
        last = time_ns
        count += 1
    if count == 0:
        fail(f"{path}: no packets")
    return first, last, count


def shift(source, target_start_ns, destination):
    """Writes source shifted so that its first packet is at target_start_ns (editcap -t, microsecond pcap)."""
    first = pcap_io.first_time_ns(source)
    delta_us = (target_start_ns - first) // 1000
    sign = "-" if delta_us < 0 else ""
    delta_us = abs(delta_us)
    run("editcap", "-F", "pcap", "-t", f"{sign}{delta_us // 1_000_000}.{delta_us % 1_000_000:06d}", source, destination)


def plan_benign(datasets):
    """Places every IoT Sentinel capture on the benign timeline: each device's captures one after another with even
    gaps, so every device is active on and off over the whole background and all of them at once."""
    root = os.path.join(datasets, "iot-sentinel-benign-pcaps")
    devices = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)))
    if not devices:
        fail(f"{root}: no device folders")
    plan = []
    for index, device in enumerate(devices):
        files = sorted(glob.glob(os.path.join(root, device, "*.pcap")))
        spans = [span_ns(f) for f in files]
        busy = sum(last - first for first, last, _ in spans)
        gap = max(2 * NS, (BENIGN_SECONDS * NS - busy) // max(1, len(files)))
        start = ((index * 37) % 120) * NS
        for path, (first, last, _) in zip(files, spans):
            if start + (last - first) > BENIGN_SECONDS * NS:
                break
            plan.append((f"{device}/{os.path.basename(path)}", path, ORIGIN_NS + start))
            start += (last - first) + gap
    return plan, devices


def plan_attacks(datasets):
    overlay_start = ORIGIN_NS + (TAIL_SECONDS + 10) * NS
    append_start = ORIGIN_NS + (BENIGN_SECONDS + APPEND_GAP_SECONDS) * NS
    plan = []
    counts = {"overlay": 0, "append": 0}
    for name, relative, placement in EPISODES:
        path = os.path.join(datasets, relative)
        if not os.path.isfile(path):
            fail(f"{path} is missing")
        base = overlay_start if placement == "overlay" else append_start
        plan.append((name, path, base + counts[placement] * EPISODE_SPACING_SECONDS * NS, placement))
        counts[placement] += 1
    last_overlay = overlay_start + (counts["overlay"] - 1) * EPISODE_SPACING_SECONDS * NS
    if last_overlay + 60 * NS > ORIGIN_NS + BENIGN_SECONDS * NS:
        fail("the overlaid episodes do not fit in the benign background")
    return plan


def packet_key(time_ns, data):
    return time_ns, hashlib.blake2b(data, digest_size=12).digest()


def addresses(path):
    """Per packet of a capture, its IPv4 or IPv6 source and destination as tshark decodes them ('' when not IP);
    of ICMP errors the outer header's."""
    out = run("tshark", "-n", "-r", path, "-T", "fields", "-E", "separator=\t", "-e", "ip.src", "-e", "ip.dst",
              "-e", "ipv6.src", "-e", "ipv6.dst")
    rows = []
    for line in out.splitlines():
        fields = (line.split("\t") + ["", "", "", ""])[:4]
        src = fields[0] or fields[2]
        dst = fields[1] or fields[3]
        rows.append((src.split(",")[0], dst.split(",")[0]))
    return rows


def build(args):
    work = args.work
    segments_dir = os.path.join(work, "segments")
    os.makedirs(segments_dir, exist_ok=True)
    benign_plan, devices = plan_benign(args.datasets)
    attack_plan = plan_attacks(args.datasets)

    # One shifted file per segment: a packet's label is the segment file it came from.
    jobs = []
    segments = []
    for i, (name, path, start) in enumerate(benign_plan):
        out = os.path.join(segments_dir, f"b{i:04d}.pcap")
        jobs.append((path, start, out))
        segments.append((BENIGN, name, out, "benign"))
    for i, (name, path, start, placement) in enumerate(attack_plan):
        out = os.path.join(segments_dir, f"a{i:02d}.pcap")
        jobs.append((path, start, out))
        segments.append((name, os.path.relpath(path, args.datasets), out, placement))
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda job: shift(*job), jobs))

    # Every packet of every segment, keyed by time and content, so the merged stream's packets can be traced back.
    owner = collections.defaultdict(list)
    for index, (_, _, out, _) in enumerate(segments):
        records = pcap_io.read(out)
        next(records)
        for time_ns, _, data in records:
            owner[packet_key(time_ns, data)].append(index)
    ambiguous = sum(1 for v in owner.values() if len(set(v)) > 1)
    if ambiguous:
        fail(f"{ambiguous} packets occur with the same time and bytes in two segments; labels would be ambiguous")

    stream = os.path.join(work, "stream.pcap")
    run("mergecap", "-F", "pcap", "-w", stream, *[s[2] for s in segments])

    split_ns = ORIGIN_NS + TRAIN_SECONDS * NS
    train_path = os.path.join(work, "train.pcap")
    test_path = os.path.join(work, "test.pcap")
    labels = []
    records = pcap_io.read(stream)
    linktype = next(records)
    total = 0
    with pcap_io.Writer(train_path, linktype) as train, pcap_io.Writer(test_path, linktype) as test:
        for time_ns, length, data in records:
            total += 1
            candidates = owner.get(packet_key(time_ns, data))
            if not candidates:
                fail(f"{stream}: packet {total} at {time_ns} ns is in no segment")
            index = candidates.pop()
            label = segments[index][0]
            if time_ns < split_ns:
                if label != BENIGN:
                    fail(f"attack packet of {label} in the training prefix")
                train.write(time_ns // 1000, data, length)
            else:
                test.write(time_ns // 1000, data, length)
                labels.append((time_ns, label))
    leftover = sum(len(v) for v in owner.values())
    if leftover:
        fail(f"{leftover} segment packets are missing from the merged stream")

    # Addresses per test packet (tshark), written next to the labels: one row per packet of test.pcap, in order.
    test_addresses = addresses(test_path)
    if len(test_addresses) != len(labels):
        fail(f"tshark read {len(test_addresses)} packets of {test_path}, the writer wrote {len(labels)}")
    with open(os.path.join(work, "test-packets.tsv"), "w") as f:
        f.write("time_ns\tlabel\tsrc\tdst\n")
        for (time_ns, label), (src, dst) in zip(labels, test_addresses):
            f.write(f"{time_ns}\t{label}\t{src}\t{dst}\n")

    episodes = []
    for name, source, _, placement in segments:
        if name == BENIGN:
            continue
        times = [t for t, label in labels if label == name]
        sent = collections.Counter()
        received = collections.Counter()
        for (t, label), (src, dst) in zip(labels, test_addresses):
            if label == name:
                if src:
                    sent[src] += 1
                if dst:
                    received[dst] += 1
        victim = received.most_common(1)[0][0]
        attackers = sorted(a for a in set(sent) | set(received) if a != victim)
        episodes.append({
            "name": name, "file": source, "placement": placement, "packets": len(times),
            "first_ns": min(times), "last_ns": max(times), "victim": victim,
            "attackers": attackers,
            "top_attackers": [a for a, _ in sent.most_common() if a != victim][:3],
        })
    with open(os.path.join(work, "attack-times.csv"), "w") as f:
        f.write("start,end\n")
        for e in episodes:
            f.write(f"{e['first_ns'] / NS:.6f},{e['last_ns'] / NS + 1:.6f}\n")
    benign_test = [t for t, label in labels if label == BENIGN]
    manifest = {
        "origin_ns": ORIGIN_NS, "split_ns": split_ns,
        "tail_end_ns": ORIGIN_NS + TAIL_SECONDS * NS,
        "benign_end_ns": max(benign_test) if benign_test else split_ns,
        "devices": len(devices), "benign_captures": len(benign_plan),
        "packets": {"stream": total, "train": total - len(labels), "test": len(labels),
                    "test_benign": len(benign_test)},
        "episodes": episodes,
    }
    with open(os.path.join(work, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    sha = hashlib.sha256()
    with open(stream, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            sha.update(chunk)
    digest = sha.hexdigest()[:16]
    print(f"stream: {total:,} packets ({len(benign_plan)} benign captures of {len(devices)} devices, "
          f"{len(episodes)} attack episodes), sha256 {digest}…; train prefix {total - len(labels):,}, "
          f"test {len(labels):,}")
    for e in episodes:
        print(f"  {e['name']:<30} {e['packets']:>6} packets  {fmt_time(e['first_ns'])} .. {fmt_time(e['last_ns'])}"
              f"  victim {e['victim']}, {len(e['attackers'])} attacker address(es) {', '.join(e['top_attackers'])}")


def fmt_time(ns):
    return f"+{(ns - ORIGIN_NS) / NS:8.3f} s"


# ---------------------------------------------------------------------------------------------------------- analysis

def read_csv(path, required):
    import csv
    if not os.path.isfile(path):
        fail(f"{path} is missing")
    with open(path, newline="") as f:
        reader = csv.DictReader(f)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            fail(f"{path}: columns {', '.join(missing)} are missing (header: {', '.join(reader.fieldnames or [])})")
        return list(reader)


def read_test_packets(work):
    rows = []
    with open(os.path.join(work, "test-packets.tsv")) as f:
        next(f)
        for line in f:
            time_ns, label, src, dst = line.rstrip("\n").split("\t")
            rows.append((int(time_ns), label, src, dst))
    return rows


def roc_auc(scores, positive):
    """ROC AUC as the Mann-Whitney statistic with average ranks for ties (so a block of equal lowest scores counts as
    half right, as a random order of them would)."""
    import numpy as np
    n_pos = int(positive.sum())
    n_neg = len(positive) - n_pos
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    order = np.argsort(scores, kind="mergesort")
    sorted_scores = scores[order]
    ranks = np.empty(len(scores), dtype=np.float64)
    _, first, counts = np.unique(sorted_scores, return_index=True, return_counts=True)
    average = first + (counts - 1) / 2.0 + 1.0
    ranks[order] = np.repeat(average, counts)
    return float((ranks[positive].sum() - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg))


def tpr_at_fpr(scores, positive, target=0.01):
    """The largest true-positive rate of a rule 'score >= t' whose false-positive rate is at most target."""
    import numpy as np
    neg = np.sort(scores[~positive])[::-1]
    pos = scores[positive]
    if len(neg) == 0 or len(pos) == 0:
        return float("nan")
    allowed = int(math.floor(target * len(neg)))
    # The threshold must lie above the (allowed+1)-th highest benign score: any t above it flags at most `allowed`.
    bar = neg[allowed] if allowed < len(neg) else -np.inf
    return float((pos > bar).sum() / len(pos))


def packet_scores(scores_path, entities_path, entities, packets, split_ns, tail_end_ns):
    """Per test packet the larger of its source's and destination's window scores; -inf where neither was scored."""
    import numpy as np
    windows = {}
    rows = read_csv(scores_path, ["entity", "window_start", "window_end", "score", "threshold", "anomalous"])
    for r in rows:
        start = round(float(r["window_start"]) * NS)
        end = round(float(r["window_end"]) * NS)
        windows.setdefault(r["entity"], []).append((start, end, float(r["score"])))
    for entity in windows:
        windows[entity].sort()
    starts = {e: [w[0] for w in ws] for e, ws in windows.items()}

    def lookup(entity, t):
        ws = windows.get(entity)
        if not ws:
            return -math.inf
        i = bisect.bisect_right(starts[entity], t) - 1
        if i >= 0 and ws[i][0] <= t < ws[i][1]:
            return ws[i][2]
        return -math.inf

    scores = np.empty(len(packets))
    latest = 0
    clamped = 0
    for i, (e, p) in enumerate(zip(entities, packets)):
        # A packet older than one before it is credited at the latest time seen (the extractor's clock only advances).
        latest = max(latest, p[0])
        t = int(e["time_ns"])
        if t != p[0]:
            if t != latest:
                fail(f"{entities_path}: row {i + 2} is at {t} ns, packet {i + 1} of the capture at {p[0]} ns")
            clamped += 1
        scores[i] = max(lookup(e["source_entity"], t), lookup(e["destination_entity"], t))
    tail = [r for r in rows if split_ns <= round(float(r["window_start"]) * NS) < tail_end_ns]
    flagged = sum(1 for r in tail if r.get("anomalous") == "1")
    return scores, len(rows), clamped, (flagged, len(tail), rows[0].get("threshold") if rows else "")


def read_alerts(path):
    """Alerts from mosquitto_sub -v output (topic, space, JSON payload), de-duplicated on id."""
    from datetime import datetime
    alerts = {}
    if not os.path.isfile(path):
        fail(f"{path} is missing")
    with open(path) as f:
        for line in f:
            topic, _, payload = line.partition(" ")
            if not topic.endswith("/alerts"):
                continue
            a = json.loads(payload)
            end = datetime.fromisoformat(a["window"]["end"]).timestamp()
            alerts[a["id"]] = (a["entity"], round(end * NS), a["score"])
    return sorted(alerts.values(), key=lambda a: a[1])


def unicast(address):
    """Whether an address names one host: not multicast, broadcast, unspecified or (IPv4) a subnet's .255."""
    ip = ipaddress.ip_address(address)
    if ip.is_multicast or ip.is_unspecified:
        return False
    return not (ip.version == 4 and (address == "255.255.255.255" or address.endswith(".255")))


def packet_entity_sets(manifest, packets, entities):
    """The entity names (features --packet-entities) of each episode's packets and of the benign tail's: an alert on
    an aggregate entity (a /24 of spoofed sources, say) names no address."""
    names = collections.defaultdict(set)
    split, tail_end = manifest["split_ns"], manifest["tail_end_ns"]
    for (t, label, _, _), e in zip(packets, entities):
        key = label if label != BENIGN else (BENIGN if split <= t < tail_end else None)
        if key:
            names[key].update(n for n in (e["source_entity"], e["destination_entity"]) if n)
    return names


def alert_figures(manifest, packets, alerts, names):
    """Per episode the first alert on its victim or one of its attackers after its first packet (within the episode
    plus 60 s), and the false alerts per benign host-hour in the benign-only test tail. names: packet_entity_sets,
    or empty when the build has no --packet-entities."""
    results = []
    for e in manifest["episodes"]:
        entities = set(e["attackers"]) | {e["victim"]} | names.get(e["name"], set())
        hit = next((a for a in alerts
                    if a[0] in entities and e["first_ns"] <= a[1] <= e["last_ns"] + 60 * NS), None)
        results.append((e, hit))

    attack_addresses = set()
    for e in manifest["episodes"]:
        attack_addresses |= set(e["attackers"]) | {e["victim"]} | names.get(e["name"], set())
    split = manifest["split_ns"]
    tail = benign_span(packets, alerts, names.get(BENIGN, set()), attack_addresses, split, manifest["tail_end_ns"])
    held_out = benign_span(packets, alerts, set(), attack_addresses, split, manifest["benign_end_ns"] + NS)
    return results, tail, held_out


def benign_span(packets, alerts, names, attack_addresses, start, end):
    """False alerts and host-hours of the benign traffic in [start, end) on hosts that take no part in an attack:
    the benign-only tail, or all the held-out benign background (the tail and the background under the overlaid
    episodes). names: further entity names of benign packets (aggregates)."""
    first, last = {}, {}
    active = set()
    seen = set()
    for t, label, src, dst in packets:
        if label != BENIGN or not start <= t < end:
            continue
        for host in (src, dst):
            if host:
                seen.add(host)
                if unicast(host) and host not in attack_addresses:
                    first.setdefault(host, t)
                    last[host] = t
                    active.add((host, t // NS))
    # A host's span runs from its first to its last packet in the span, at least one window (1 s).
    seen |= names
    host_hours = sum(max(last[h] - first[h], NS) for h in first) / NS / 3600
    false_alerts = [a for a in alerts if a[0] in seen and a[0] not in attack_addresses and start <= a[1] <= end]
    return {
        "hosts": len(first), "host_hours": host_hours, "active_window_hours": len(active) / 3600,
        "false_alerts": len(false_alerts), "false_alert_hosts": len({a[0] for a in false_alerts}),
        "minutes": (end - start) / NS / 60,
        "overlap": sorted(seen & attack_addresses),
        "group_alerts": sum(1 for a in false_alerts if not unicast(a[0])),
    }


def poisson_upper(k, confidence=0.95):
    """The one-sided upper confidence limit of a Poisson mean after k events: P(X <= k; mu) = 1 - confidence
    (2.996 for k = 0)."""
    def cdf(mu):
        term = total = math.exp(-mu)
        for i in range(1, k + 1):
            term *= mu / i
            total += term
        return total
    low, high = 0.0, k + 10.0 * math.sqrt(k + 1) + 10
    for _ in range(200):
        middle = (low + high) / 2
        low, high = (middle, high) if cdf(middle) > 1 - confidence else (low, middle)
    return (low + high) / 2


def analyze(args):
    manifest = json.load(open(os.path.join(args.work, "manifest.json")))
    packets = read_test_packets(args.work)
    entities = None
    if args.packet_entities:
        entities = read_csv(args.packet_entities, ["time_ns", "source_entity", "destination_entity"])
        if len(entities) != len(packets):
            fail(f"{args.packet_entities} has {len(entities):,} rows, the test capture {len(packets):,} packets")
    out = []
    out.append(f"### {args.label}")
    out.append("")
    if args.note:
        out.append(args.note)
        out.append("")
    if args.scores:
        import numpy as np
        scores, windows, clamped, (flagged, tail_windows, threshold) = packet_scores(
            args.scores, args.packet_entities, entities, packets, manifest["split_ns"], manifest["tail_end_ns"])
        labels = np.array([p[1] for p in packets])
        benign = labels == BENIGN
        unscored_benign = int(np.isneginf(scores[benign]).sum())
        out.append(f"{windows:,} scored windows; every one of the {len(packets):,} test packets counted "
                   f"({int(np.isneginf(scores).sum()):,} with no scored window: lowest score; {clamped:,} out of time "
                   f"order, credited at the latest time before them).")
        out.append("")
        out.append("| segment | packets | unscored | packet ROC AUC | TPR at 1% FPR |")
        out.append("|---|---:|---:|---:|---:|")
        for e in manifest["episodes"]:
            mask = labels == e["name"]
            subset = mask | benign
            s, pos = scores[subset], mask[subset]
            out.append(f"| {e['name']} | {int(mask.sum()):,} | {int(np.isneginf(scores[mask]).sum()):,} | "
                       f"{roc_auc(s, pos):.4f} | {tpr_at_fpr(s, pos):.4f} |")
        attack = ~benign
        out.append(f"| **all attacks** | {int(attack.sum()):,} | {int(np.isneginf(scores[attack]).sum()):,} | "
                   f"**{roc_auc(scores, attack):.4f}** | **{tpr_at_fpr(scores, attack):.4f}** |")
        out.append(f"| benign (negatives) | {int(benign.sum()):,} | {unscored_benign:,} | | |")
        out.append("")
        achieved = flagged / max(1, tail_windows)
        out.append(f"Window false-positive rate in the benign-only tail at the model's threshold ({float(threshold):.6g}): "
                   f"**{achieved:.2%}** ({flagged:,} of {tail_windows:,} windows).")
        if args.target_rate:
            ratio = achieved / args.target_rate
            verdict = "within" if 0.5 <= ratio <= 2 else "outside"
            out.append(f"Threshold's target false-positive rate {args.target_rate:.3%} ({args.target_note}) → "
                       f"achieved {achieved:.3%} on the held-out tail: ×{ratio:.2f}, {verdict} [x/2, 2x].")
        out.append("")
    if args.alerts:
        alerts = read_alerts(args.alerts)
        names = packet_entity_sets(manifest, packets, entities) if entities else {}
        results, fa, held = alert_figures(manifest, packets, alerts, names)
        out.append(f"Agent replay: {len(alerts)} alerts.")
        out.append("")
        out.append("| episode | first packet | packets | victim | attacker addresses | alert | latency (s) |")
        out.append("|---|---:|---:|---|---:|---|---:|")
        for e, hit in results:
            latency = f"{(hit[1] - e['first_ns']) / NS:.3f}" if hit else "–"
            who = ("victim" if hit[0] == e["victim"] else "attacker") + f" {hit[0]}" if hit else "**none**"
            out.append(f"| {e['name']} | {fmt_time(e['first_ns']).strip()} | {e['packets']:,} | {e['victim']} | "
                       f"{len(e['attackers']):,} | {who} | {latency} |")
        within = sum(1 for e, hit in results if hit and hit[1] - e["first_ns"] <= 2 * NS)
        out.append("")
        out.append(f"Episodes alerted: {sum(1 for _, h in results if h)} of {len(results)}; within 2 s of the first "
                   f"packet: {within} of {len(results)}.")
        rate = fa["false_alerts"] / fa["host_hours"] if fa["host_hours"] else float("nan")
        rate_w = fa["false_alerts"] / fa["active_window_hours"] if fa["active_window_hours"] else float("nan")
        out.append("")
        out.append(f"Benign-only test tail ({fa['minutes']:.0f} min, {fa['hosts']} unicast hosts, "
                   f"{fa['host_hours']:.2f} host-hours first-to-last packet, {fa['active_window_hours']:.2f} "
                   f"active host-window hours): **{fa['false_alerts']} false alerts** on {fa['false_alert_hosts']} "
                   f"hosts = **{rate:.2f} per host-hour** ({rate_w:.2f} per active host-window hour).")
        if fa["group_alerts"]:
            out.append(f"({fa['group_alerts']} of the false alerts are on multicast or broadcast addresses: counted as "
                       f"alerts, not as hosts.)")
        if fa["overlap"]:
            out.append(f"(Addresses both benign and in an attack, not counted as false: {', '.join(fa['overlap'])}.)")
        out.append("")
        k, hours = held["false_alerts"], held["host_hours"]
        bound = poisson_upper(k)
        out.append(f"**False alerts on all held-out benign traffic** (the tail and the background under the overlaid "
                   f"episodes, {held['minutes']:.0f} min; hosts in no attack episode: {held['hosts']}, "
                   f"**{hours:.2f} host-hours** first-to-last packet, {held['active_window_hours']:.2f} active "
                   f"host-window hours): **{k}** on {held['false_alert_hosts']} hosts = "
                   f"**{24 * k / hours:.2f} per 24 host-hours**, 95% upper bound (Poisson, one-sided) "
                   f"**{24 * bound / hours:.2f} per 24 host-hours** ({bound:.2f} alerts).")
        out.append("")
    text = "\n".join(out)
    print(text)
    if args.append:
        with open(args.append, "a") as f:
            f.write(text + "\n")


def selftest(_):
    """Checks roc_auc and tpr_at_fpr against their definitions, by brute force over every pair and threshold, on
    seeded random cases with ties and unscored (-inf) packets."""
    import numpy as np
    rng = np.random.default_rng(1)
    cases = 0
    for _ in range(500):
        n = int(rng.integers(2, 60))
        scores = rng.integers(0, 6, n).astype(float)
        scores[rng.random(n) < 0.2] = -np.inf
        positive = rng.random(n) < 0.4
        if positive.all() or not positive.any():
            continue
        pos, neg = scores[positive], scores[~positive]
        auc = sum(float(p > q) + 0.5 * float(p == q) for p in pos for q in neg) / (len(pos) * len(neg))
        best = max(float((pos >= t).mean()) for t in [*np.unique(scores), np.inf] if (neg >= t).mean() <= 0.01 + 1e-12)
        target = 0.25
        best25 = max(float((pos >= t).mean()) for t in [*np.unique(scores), np.inf] if (neg >= t).mean() <= target)
        got = (roc_auc(scores, positive), tpr_at_fpr(scores, positive), tpr_at_fpr(scores, positive, target))
        if abs(got[0] - auc) > 1e-12 or abs(got[1] - best) > 1e-12 or abs(got[2] - best25) > 1e-12:
            fail(f"selftest: scores {scores.tolist()} labels {positive.tolist()}: got {got}, want {(auc, best, best25)}")
        cases += 1
    # The Poisson limit against its tabulated values (Garwood; 0 events: the rule of three).
    for k, want in ((0, 2.9957), (1, 4.7439), (5, 10.5130), (20, 29.0620)):
        if abs(poisson_upper(k) - want) > 1e-3:
            fail(f"selftest: Poisson 95% upper limit after {k} events {poisson_upper(k):.4f}, want {want}")
    print(f"detection.py selftest: ROC AUC and TPR at FPR agree with brute force on {cases} random cases; Poisson limits ok")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build the stream, its split and labels in WORK")
    b.add_argument("--datasets", required=True)
    b.add_argument("--work", required=True)
    a = sub.add_parser("analyze", help="figures of one model's scores and alerts")
    a.add_argument("--work", required=True)
    a.add_argument("--label", required=True)
    a.add_argument("--scores", help="eval --scores CSV of the test features")
    a.add_argument("--packet-entities", help="features --packet-entities CSV of the test capture")
    a.add_argument("--alerts", help="mosquitto_sub -v log of the agent's replay of the test capture")
    a.add_argument("--append", help="also append the Markdown to this file")
    a.add_argument("--note", help="a line to print under the heading")
    a.add_argument("--target-rate", type=float, help="the window false-positive rate the threshold was fitted at")
    a.add_argument("--target-note", default="", help="where that rate was fitted")
    sub.add_parser("selftest", help="check the ROC AUC and TPR computations against brute force")
    args = parser.parse_args()
    if args.command == "build":
        build(args)
    elif args.command == "selftest":
        selftest(args)
    else:
        if bool(args.scores) != bool(args.packet_entities):
            fail("--scores and --packet-entities go together")
        analyze(args)


if __name__ == "__main__":
    main()
