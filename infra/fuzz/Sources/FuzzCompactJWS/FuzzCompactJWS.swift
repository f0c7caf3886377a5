import FuzzSupport
import GatehouseCore

let keys = try! JWKSet(keys: [SigningKey.generate(.es256, notBefore: 1), SigningKey.generate(.edDSA, notBefore: 1)])
let verifier = JWTVerifier(keys: keys, issuer: "https://gatehouse.fuzz", audience: "fuzz")

/// Compact JWS parsing and verification of arbitrary text: refuses (throws), never crashes, never accepts.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if (try? verifier.verify(text, now: 1_800_000_000)) != nil { fatalError("a forged token verified") }
    return 0
}

/// SwiftPM links an executable's entry point as `FuzzCompactJWS_main`: hand it to libFuzzer.
@_cdecl("FuzzCompactJWS_main")
public func entryPoint(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    _ = verifier  // made before the first input, so libFuzzer does not count it as that input's leak
    return runFuzzer(argc, argv, fuzz)
}
