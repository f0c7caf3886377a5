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
        // Linked as the functions are (Package.swift at the root): no library it does not call.
        .executableTarget(
            name: "SignOurs", dependencies: [core, crypto], path: "Sources/SignOurs",
            linkerSettings: [.unsafeFlags(["-Xlinker", "--as-needed"], .when(platforms: [.linux]))]),
        .executableTarget(name: "SignJWTKit", dependencies: [crypto, jwtKit], path: "Sources/SignJWTKit"),
    ]
)
