// swift-tools-version:6.1
import PackageDescription

// The benchmark floors: a Swift executable that only prints a CGI response (`floor`), and the least
// Lambda custom runtime (`lambda-floor`: asks for the next invocation over a plain socket and answers
// it). No dependencies, built with the same flags as the functions (`-c release --static-swift-stdlib`)
// in the same run.

/// The functions' link flags (Package.swift, functionLinkerSettings), so the floors stay fair ones:
/// the same start-up order file too, whose Swift runtime entries (image registration, the first
/// metadata and conformance lookups) a floor runs as well, and the same archive folder, so that a
/// floor links libstdc++ from its archive as the functions do.
let startupOrder = Context.packageDirectory + "/../../../Functions/startup.order"
#if arch(arm64)
let archiveFolder = Context.packageDirectory + "/../../../Core/Archives/aarch64-linux-gnu"
#else
let archiveFolder = Context.packageDirectory + "/../../../Core/Archives/x86_64-linux-gnu"
#endif
let toolchainLinkerSettings: [LinkerSetting] = [
    .unsafeFlags(
        [
            "-use-ld=lld", "-Xlinker", "--as-needed", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
            "-Xlinker", "--no-export-dynamic", "-Xclang-linker", "-static-libgcc",
            "-Xlinker", "--symbol-ordering-file=\(startupOrder)", "-Xlinker", "--no-warn-symbol-ordering",
        ], .when(platforms: [.linux]))
]
let functionLinkerSettings = toolchainLinkerSettings + [.unsafeFlags(["-L", archiveFolder], .when(platforms: [.linux]))]

let package = Package(
    name: "gatehouse-bench-floor",
    products: [
        .executable(name: "floor", targets: ["floor"]),
        .executable(name: "lambda-floor", targets: ["lambda-floor"]),
        .executable(name: "floor-toolchain", targets: ["floor-toolchain"]),
    ],
    targets: [
        .executableTarget(name: "floor", path: "Sources/floor", linkerSettings: functionLinkerSettings),
        // The floor as the toolchain links it (libstdc++.so), BENCH.md's "Swift static print".
        .executableTarget(
            name: "floor-toolchain", path: "Sources/floor-toolchain", linkerSettings: toolchainLinkerSettings),
        .executableTarget(name: "lambda-floor", path: "Sources/lambda-floor", linkerSettings: functionLinkerSettings),
    ]
)
