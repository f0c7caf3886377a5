import FuzzSupport
import GatehouseCore

/// JWK and JWK Set parsing (a private set from configuration): never crashes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let set = try? JWKSet(privateJWKSetJSON: text) { _ = set.privateJWKSetJSON() }
    return 0
}

/// SwiftPM links an executable's entry point as `FuzzJWKSet_main`: hand it to libFuzzer.
@_cdecl("FuzzJWKSet_main")
public func entryPoint(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzz)
}
