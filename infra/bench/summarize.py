#!/usr/bin/env python3
"""Tables for infra/bench/run from hyperfine's --export-json files (standard library only).

    summarize.py cold HYPERFINE_JSON     CGI cold path: median, p99, ratios (BENCH.md items 1 and 5)
    summarize.py profile ANNOTATED...    callgrind instruction counts of the main start-up costs
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
        "swift-print, toolchain-linked": "swift-print",
        "keyexec swift-print, toolchain-linked": "keyexec swift-print",
        "keyexec signin (seed 000)": "keyexec swift-print",
        "keyexec jwks": "keyexec swift-print",
        "keyexec console (GET /console/signin)": "keyexec swift-print",
        "keyexec signin, libcurl unlinked (experiment)": "keyexec swift-print",
        "sign-ours (ES256, our JOSE)": "swift-print",
        "sign-ours (RS256, our JOSE)": "swift-print",
        "sign-jwtkit (ES256, jwt-kit)": "swift-print",
        "sign-ours, libcurl unlinked (experiment)": "swift-print",
    }
    print(f"{'command':46} {'runs':>5} {'median ms':>10} {'p99 ms':>8} {'mean ms':>8} {'± sd':>6} "
          f"{'/ its floor':>12} {'floor':22}")
    for name, s in stats.items():
        floor = floors.get(name, "keyexec swift-print" if name.startswith("keyexec ") else "swift-print")
        print(f"{name:46} {s['runs']:5d} {s['median']:10.3f} {s['p99']:8.3f} {s['mean']:8.3f} {s['stddev']:6.3f} "
              f"{ratio(name, floor) if floor else '—':>12} {floor or 'orientation only':22}")
    summary = {name: s for name, s in stats.items()}
    json.dump(summary, open(path.replace(".json", "-summary.json"), "w"), indent=1)
    return stats


PROFILE_ROWS = [
    ("total instructions", "PROGRAM TOTALS"),
    ("dynamic loader (ld.so dl_main)", "rtld.c:dl_main"),
    ("libc start → exit (all but ld.so)", "libc-start.c:__libc_start_main"),
    ("  FunctionMain.run", "FunctionMainO3run_"),
    ("    Configuration(environment:)", "ConfigurationV11environment"),
    ("      JWKSet(privateJWKSetJSON:)", "13GatehouseCore6JWKSetV07privateC4JSON"),
    ("      VerificationKeySet (verify)", "VerificationKeySetV17privateJWKSetJSON"),
    ("      PublishedKeySet (jwks)", "PublishedKeySetV17privateJWKSetJSON"),
    ("    Dispatcher.handle", "DispatcherV6handle_5redis"),
    ("      SigninStore.script (lazy init)", "SigninStoreO6script_WZ"),
    ("      RedisClient.execute (EVALSHA)", "RedisClientC7execute"),
    ("      JWTSigner.sign", "JWTSignerO4sign6claims"),
    ("  swift_getTypeByMangledName (runtime)", "???:swift_getTypeByMangledName ["),
    ("  swift_conformsToProtocol (runtime)", "swift_conformsToProtocolWithExecutionContext"),
]


def profile(paths):
    """callgrind_annotate --inclusive=yes outputs, one per program: inclusive counts of a few functions."""
    import re
    names = [p.split("callgrind-")[-1].removesuffix(".txt") for p in paths]
    tables = []
    for path in paths:
        counts = {}
        for line in open(path):
            m = re.match(r"\s*([\d,]+) \(\s*[\d.]+%\)\s+(.*)", line)
            if not m:
                continue
            value = int(m.group(1).replace(",", ""))
            for label, needle in PROFILE_ROWS:
                if needle in m.group(2):
                    counts[label] = max(counts.get(label, 0), value)
        tables.append(counts)
    print(f"{'callgrind Ir (inclusive), one invocation':40} " + " ".join(f"{n:>16}" for n in names))
    for label, _ in PROFILE_ROWS:
        cells = []
        for counts in tables:
            v = counts.get(label)
            cells.append(f"{v / 1e6:13.2f} M " if v is not None else f"{'—':>16}")
        print(f"{label:40} " + " ".join(cells))


if __name__ == "__main__":
    if sys.argv[1] == "cold":
        cold(sys.argv[2])
    elif sys.argv[1] == "profile":
        profile(sys.argv[2:])
