// swift-tools-version:6.1
import PackageDescription

// MARK: - Shared settings

/// Settings every Gatehouse target compiles with.
///
/// Concrete type metadata is reached through the types' metadata accessors, not looked up by
/// mangled name: a mangled-name lookup of a generic type (a `Dictionary<String, String>`'s storage,
/// say) checks its generic requirements at run time, and each first check of a conformance scans
/// every conformance record of the binary (~4,300 in a function). A cold process paid that a
/// dozen times, about 1 M of its 6.5 M instructions. Release builds of the functions pass the same
/// flag to the dependencies too (`-Xswiftc`, as `infra/bench/run` and `infra/lambda/build` do).
/// Not for test targets: Swift Testing's `@Test` records must be compile-time constants, which
/// metadata accessors are not.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]
let metadataAccessorSettings: [SwiftSetting] = [
    .unsafeFlags(["-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors"])
]
/// One ELF section per function, so that the linker can place each function where
/// `Functions/startup.order` says (release builds pass the flag to the dependencies too).
let functionSectionSettings: [SwiftSetting] = [
    .unsafeFlags(["-Xfrontend", "-function-sections"], .when(platforms: [.linux]))
]

// MARK: - Functions

/// One executable per function family: `(product name, target name, folder under Functions/)`.
let functions: [(product: String, target: String, folder: String)] = [
    ("signin", "SigninFunction", "signin"),
    ("jwks", "JWKSFunction", "jwks"),
    ("otp", "OTPFunction", "otp"),
    ("refresh", "RefreshFunction", "refresh"),
    ("proof", "ProofFunction", "proof"),
    ("keys", "KeysFunction", "keys"),
    ("rotate", "RotateFunction", "rotate"),
    ("verify", "VerifyFunction", "verify"),
    ("oauth", "OAuthFunction", "oauth"),
    ("console", "ConsoleFunction", "console"),
]

/// Functions load no shared library they do not call: start-up is paid on every CGI request, and
/// libcurl alone drags in some forty libraries that only outbound-HTTP code paths need. They are
/// linked by lld with packed relative relocations (DT_RELR: the dynamic loader applies ~44,000 of
/// them as a bitmap) and export no dynamic symbols (nothing loads a function as a library), which
/// cuts the loader's share of a cold start while keeping the executable position-independent.
///
/// The code a cold request runs comes first in the text segment, in the order of
/// `Functions/startup.order` (written by `infra/bench/startup-order` from callgrind runs of every
/// function): a process faults its code in page by page, and the start-up code of a function was
/// spread over its 13 MB of text (a cold jwks: ~100 page faults there, ~35 with the order). Names
/// the file lists that a build does not define are ignored.
///
/// hiredis and libstdc++ (which the Swift runtime is written against) are linked from their
/// archives into every executable, and GCC's unwinder (which libstdc++ and the Swift runtime's
/// backtraces call) from libgcc_eh.a (`-static-libgcc`), so a cold start loads only libc and libm:
/// libgcc_s.so cost a cold jwks 0.08 ms of its 1.52 ms (same-run rounds; mapping a library, its
/// relocations and one more object for every symbol lookup to search). libstdc++.so
/// alone cost a cold jwks 1.65 M of its 3.27 M instructions: the loader resolves its ~1,500 symbol
/// references one lookup each, through every library loaded; hiredis.so cost 0.18 M more. The
/// archives add 0.1 MB to an executable (the rest is left out by --gc-sections), and nothing else
/// is linked twice: libcurl, loaded with dlopen, brings its own shared libraries.
/// `Core/Archives/<arch>` holds links to the archives Debian 12 installs (libhiredis-dev's, GCC 12's
/// libstdc++) and is searched before the system's folders, so `-lhiredis` and `-lstdc++` find them
/// there; on a system without them (another GCC, Amazon Linux's hiredis) a link dangles, the search
/// goes on and the executable links the shared library as before (`infra/lambda/build` then bundles
/// hiredis).
///
/// `infra/bench/floor` is linked the same way (libstdc++ included; it uses no hiredis), and a
/// linkage test keeps these properties.
let startupOrder = Context.packageDirectory + "/Functions/startup.order"
#if arch(arm64)
let archiveFolder = Context.packageDirectory + "/Core/Archives/aarch64-linux-gnu"
#else
let archiveFolder = Context.packageDirectory + "/Core/Archives/x86_64-linux-gnu"
#endif
let archiveSettings: [LinkerSetting] = [.unsafeFlags(["-L", archiveFolder], .when(platforms: [.linux]))]
let functionLinkerSettings: [LinkerSetting] = [
    .unsafeFlags(
        [
            "-use-ld=lld", "-Xlinker", "--as-needed", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
            "-Xlinker", "--no-export-dynamic", "-Xclang-linker", "-static-libgcc",
            "-Xlinker", "--symbol-ordering-file=\(startupOrder)", "-Xlinker", "--no-warn-symbol-ordering",
        ], .when(platforms: [.linux]))
] + archiveSettings

let functionTargets: [Target] = functions.map { function in
    .executableTarget(
        name: function.target,
        dependencies: ["GatehouseCore"],
        path: "Functions/\(function.folder)",
        linkerSettings: functionLinkerSettings
    )
}

// MARK: - Package

let package = Package(
    name: "gatehouse",
    platforms: [.macOS(.v15)],
    products: functions.map { .executable(name: $0.product, targets: [$0.target]) } + [
        .executable(name: "gatehouse", targets: ["GatehouseCLI"]),
        .executable(name: "gatehouse-server", targets: ["GatehouseServer"]),
        .library(name: "GatehouseCore", targets: ["GatehouseCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
    ],
    targets: [
        // MARK: C libraries
        .systemLibrary(
            name: "CHiredis",
            path: "Core/CHiredis",
            providers: [.apt(["libhiredis-dev"])]
        ),
        .systemLibrary(
            name: "CCurl",
            path: "Core/CCurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),

        // MARK: Core
        .target(
            name: "GatehouseCore",
            dependencies: [
                "CHiredis",
                "CCurl",
                .product(name: "Crypto", package: "swift-crypto"),
                // RSA (RS256/PS256) for external issuers and AWS's RSA-only JWT authorizers.
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Core/Gatehouse"
        ),

        // MARK: Tools
        .target(
            name: "GatehouseDeploy",
            dependencies: ["GatehouseCore"],
            path: "Functions/gatehouse/Deploy"
        ),
        .executableTarget(
            name: "GatehouseCLI",
            dependencies: [
                "GatehouseCore",
                "GatehouseDeploy",
                "CCurl",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Functions/gatehouse",
            exclude: ["Deploy"],
            linkerSettings: archiveSettings
        ),
        .executableTarget(
            name: "GatehouseServer",
            dependencies: [
                "GatehouseCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Functions/gatehouse-server",
            linkerSettings: archiveSettings
        ),

        // MARK: Tests
        .testTarget(
            name: "CoreTests",
            dependencies: ["GatehouseCore", "CHiredis"],
            path: "Tests/CoreTests"
        ),
        .testTarget(
            name: "DeployTests",
            dependencies: ["GatehouseCore", "GatehouseDeploy"],
            path: "Tests/DeployTests"
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["GatehouseCore"],
            path: "Tests/IntegrationTests"
        ),
    ] + functionTargets
)

for target in package.targets where target.type != .system {
    target.swiftSettings =
        (target.swiftSettings ?? []) + strictSettings + (target.type == .test ? [] : metadataAccessorSettings + functionSectionSettings)
}
