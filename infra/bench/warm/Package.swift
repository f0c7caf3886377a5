// swift-tools-version:6.1
import PackageDescription

// Warm-path benchmark (BENCH.md item 2): signin and jwks answered through the Lambda runtime loop
// in one process, with the Runtime API replaced by an in-memory client, beside one EVALSHA round
// trip measured by the same Redis client. Also creates API keys in bulk for the throughput runs.
//
// A path dependency's identity is the last component of its path, so it is computed here.
let rootIdentity = String(Context.packageDirectory.split(separator: "/").dropLast(3).last ?? "gatehouse").lowercased()

let package = Package(
    name: "gatehouse-bench-warm",
    platforms: [.macOS(.v15)],
    products: [.executable(name: "warm-bench", targets: ["WarmBench"])],
    dependencies: [.package(path: "../../..")],
    targets: [
        .executableTarget(
            name: "WarmBench", dependencies: [.product(name: "GatehouseCore", package: rootIdentity)],
            path: "Sources/WarmBench")
    ]
)
