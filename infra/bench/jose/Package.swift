// swift-tools-version:6.1
import PackageDescription

// JOSE benchmark (BENCH.md item 5) and the JWT start-up comparison. Benchmark-only: this is the one
// place vapor/jwt-kit is used; the root package must never depend on it.
//
// A path dependency's identity is the last component of its path (the checkout's folder name,
// which differs between work trees and CI), so it is computed here rather than spelled out.
let rootIdentity = String(Context.packageDirectory.split(separator: "/").dropLast(3).last ?? "gatehouse").lowercased()
let core: Target.Dependency = .product(name: "GatehouseCore", package: rootIdentity)
let crypto: Target.Dependency = .product(name: "Crypto", package: "swift-crypto")
let cryptoExtras: Target.Dependency = .product(name: "_CryptoExtras", package: "swift-crypto")
let jwtKit: Target.Dependency = .product(name: "JWTKit", package: "jwt-kit")

/// The functions' link flags (the root Package.swift's functionLinkerSettings), for both one-JWT
/// programs: lld with packed relative relocations, no exported symbols, the start-up order, and
/// libstdc++ (and hiredis) from the archives in Core/Archives, so that each start is compared with
/// the floor (infra/bench/floor, linked the same way) on equal terms.
let startupOrder = Context.packageDirectory + "/../../../Functions/startup.order"
#if arch(arm64)
let archiveFolder = Context.packageDirectory + "/../../../Core/Archives/aarch64-linux-gnu"
#else
let archiveFolder = Context.packageDirectory + "/../../../Core/Archives/x86_64-linux-gnu"
#endif
let functionLinkerSettings: [LinkerSetting] = [
    .unsafeFlags(
        [
            "-use-ld=lld", "-Xlinker", "--as-needed", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
            "-Xlinker", "--no-export-dynamic", "-Xclang-linker", "-static-libgcc",
            "-Xlinker", "--symbol-ordering-file=\(startupOrder)", "-Xlinker", "--no-warn-symbol-ordering",
            "-L", archiveFolder,
        ], .when(platforms: [.linux]))
]
let package = Package(
    name: "gatehouse-bench-jose",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "jose-bench", targets: ["JOSEBench"]),
        .executable(name: "sign-ours", targets: ["SignOurs"]),
        .executable(name: "sign-jwtkit", targets: ["SignJWTKit"]),
    ],
    dependencies: [
        .package(path: "../../.."),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.7.1"),
    ],
    targets: [
        // ops/s of sign and verify: our layer, raw swift-crypto, jwt-kit.
        .executableTarget(name: "JOSEBench", dependencies: [core, crypto, cryptoExtras, jwtKit], path: "Sources/JOSEBench"),
        // One ES256 (or, with the argument RS256, RS256) JWT signed and printed, per process: start-up cost of each layer.
        // Both linked as the functions are (above).
        .executableTarget(
            name: "SignOurs", dependencies: [core, crypto], path: "Sources/SignOurs", linkerSettings: functionLinkerSettings),
        .executableTarget(
            name: "SignJWTKit", dependencies: [crypto, jwtKit], path: "Sources/SignJWTKit",
            linkerSettings: functionLinkerSettings),
    ]
)
