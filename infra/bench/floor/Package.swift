// swift-tools-version:6.1
import PackageDescription

// The benchmark floor: a Swift executable that only prints a CGI response. No dependencies, built
// with the same flags as the functions (`-c release --static-swift-stdlib`) in the same run.
let package = Package(
    name: "gatehouse-bench-floor",
    products: [.executable(name: "floor", targets: ["floor"])],
    targets: [
        .executableTarget(
            name: "floor", path: "Sources/floor",
            // The functions' link flags (Package.swift, functionLinkerSettings), so the floor stays a fair one.
            linkerSettings: [
                .unsafeFlags(
                    [
                        "-use-ld=lld", "-Xlinker", "--as-needed", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
                        "-Xlinker", "--no-export-dynamic",
                    ], .when(platforms: [.linux]))
            ])
    ]
)
