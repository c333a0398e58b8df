#!/usr/bin/env python3
"""Helpers of bench/site-flows.sh (standard library only).

  split   DATASETS WORK   writes WORK/<capture>-cal.csv and -test.csv: each IoT-23 malware capture's flows split at
                          the middle of its time span (the site's calibration half and its held-out half)
  analyze WORK LABEL...   the figures of eval --scores of each held-out half under the agent's default policy
"""
import collections
import csv
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from detection import poisson_upper  # noqa: E402

SITES = ["CTU-Malware-Capture-20-1", "CTU-Malware-Capture-21-1", "CTU-Malware-Capture-34-1",
         "CTU-Malware-Capture-8-1", "CTU-Malware-Capture-42-1"]
K, N, MULTIPLE, COOLDOWN = 2, 3, 8.0, 60.0


def split(datasets, work):
    for name in SITES:
        with open(os.path.join(datasets, "iot-23", f"{name}-labeled.csv"), newline="") as f:
            rows = list(csv.DictReader(f))
        rows.sort(key=lambda r: float(r["ts"]))
        middle = (float(rows[0]["ts"]) + float(rows[-1]["ts"])) / 2
        for part, chosen in (("cal", [r for r in rows if float(r["ts"]) < middle]),
                             ("test", [r for r in rows if float(r["ts"]) >= middle])):
            with open(os.path.join(work, f"{name}-{part}.csv"), "w", newline="") as f:
                writer = csv.DictWriter(f, fieldnames=list(rows[0]))
                writer.writeheader()
                writer.writerows(chosen)


def figures(path):
    """Replays the agent's default policy (2 of 3 records or one at 8x, 60 s cooldown, per host in record order) over
    eval --scores rows. An alert is true when one of the host's last 3 records is labelled malicious, else false."""
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    threshold = float(rows[0]["threshold"])
    recent, last, labels = collections.defaultdict(int), {}, collections.defaultdict(list)
    first_seen, last_seen = {}, {}
    false_alerts = true_alerts = benign = above = 0
    for r in rows:
        host, t, score = r["entity"], float(r["window_start"]), float(r["score"])
        malicious = r["label"].lower() != "benign"
        history = labels[host]
        history.append(malicious)
        del history[:-N]
        if not malicious:
            benign += 1
            above += score >= threshold
            first_seen.setdefault(host, t)
            last_seen[host] = t
        anomalous = score >= threshold
        recent[host] = ((recent[host] << 1) | anomalous) & ((1 << N) - 1)
        if anomalous and (score >= MULTIPLE * threshold or bin(recent[host]).count("1") >= K) \
                and (host not in last or t - last[host] >= COOLDOWN):
            last[host] = t
            if any(history):
                true_alerts += 1
            else:
                false_alerts += 1
    hours = sum(last_seen[h] - first_seen[h] + 1 for h in first_seen) / 3600
    return threshold, above / max(1, benign), false_alerts, true_alerts, hours


def analyze(work, calibrated_rates):
    rates = dict(r.split("=") for r in calibrated_rates)
    print("| network (IoT-23) | held-out benign host-hours | threshold: model's → site's | false alerts: model's → site's "
          "| alerts on malicious flows: model's → site's | site threshold's rate on the calibration half → held-out |")
    print("|---|---:|---|---|---|---|")
    total_hours = total_model = total_site = 0
    for name in SITES:
        tm, fm, am, tam, hours = figures(os.path.join(work, f"{name}-model-scores.csv"))
        ts, fs, a, ta, _ = figures(os.path.join(work, f"{name}-site-scores.csv"))
        target = float(rates[name]) / 100
        ratio = fs / target if target else float("nan")
        verdict = "within" if 0.5 <= ratio <= 2 else "outside"
        print(f"| {name} | {hours:.2f} | {tm:.4g} → {ts:.4g} | {am} → **{a}** | {tam} → {ta} | "
              f"{target:.3%} → {fs:.3%} (×{ratio:.2f}, {verdict} [x/2, 2x]) |")
        total_hours += hours
        total_model += am
        total_site += a
    for label, k in (("model's threshold", total_model), ("site-calibrated", total_site)):
        bound = poisson_upper(k)
        print(f"\n{label}: **{k} false alerts in {total_hours:.2f} held-out benign host-hours** = "
              f"{24 * k / total_hours:.2f} per 24 host-hours, 95% upper bound (Poisson, one-sided) "
              f"{24 * bound / total_hours:.2f} per 24 host-hours.")


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "split":
        split(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 3 and sys.argv[1] == "analyze":
        analyze(sys.argv[2], sys.argv[3:])
    else:
        sys.exit(__doc__)
