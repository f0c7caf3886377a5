#!/usr/bin/env python3
"""Tables for infra/bench/run from hyperfine's --export-json files (standard library only).

    summarize.py cold HYPERFINE_JSON     CGI cold path: median, p99, ratios (BENCH.md items 1 and 5)
"""
import json
import statistics
import sys


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def cold(path):
    results = {r["command"]: r for r in json.load(open(path))["results"]}
    stats = {}
    for name, result in results.items():
        times = [t * 1000 for t in result["times"]]
        stats[name] = {
            "median": statistics.median(times),
            "p99": percentile(times, 0.99),
            "mean": statistics.fmean(times),
            "stddev": statistics.stdev(times) if len(times) > 1 else 0.0,
            "runs": len(times),
        }

    def ratio(name, floor):
        if name not in stats or floor not in stats:
            return "—"
        return f"{stats[name]['median'] / stats[floor]['median']:.2f}×"

    floors = {
        "c-print": None,
        "swift-print": "swift-print",
        "swift-print (again, last)": "swift-print",
        "keyexec swift-print": "keyexec swift-print",
        "keyexec signin (seed 000)": "keyexec swift-print",
        "keyexec jwks": "keyexec swift-print",
        "keyexec signin, libcurl unlinked (experiment)": "keyexec swift-print",
        "sign-ours (ES256, our JOSE)": "swift-print",
        "sign-jwtkit (ES256, jwt-kit)": "swift-print",
    }
    print(f"{'command':32} {'runs':>5} {'median ms':>10} {'p99 ms':>8} {'mean ms':>8} {'± sd':>6} "
          f"{'/ its floor':>12} {'floor':22}")
    for name, s in stats.items():
        floor = floors.get(name, "swift-print")
        print(f"{name:32} {s['runs']:5d} {s['median']:10.3f} {s['p99']:8.3f} {s['mean']:8.3f} {s['stddev']:6.3f} "
              f"{ratio(name, floor) if floor else '—':>12} {floor or 'orientation only':22}")
    summary = {name: s for name, s in stats.items()}
    json.dump(summary, open(path.replace(".json", "-summary.json"), "w"), indent=1)
    return stats


if __name__ == "__main__":
    if sys.argv[1] == "cold":
        cold(sys.argv[2])
