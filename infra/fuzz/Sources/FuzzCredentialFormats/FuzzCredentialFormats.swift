import FuzzSupport
import GatehouseCore

/// API key, agent key, refresh token and session formats: parsing arbitrary text never crashes, and a
/// key that parses prints back as the same text.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let key = APIKey.parse(text), key.text != text { fatalError("an API key does not print back as itself") }
    _ = OpaqueToken.parse(text, as: .refresh)
    _ = OpaqueToken.parse(text, as: .session)
    _ = try? PresentedCredential.from(["Authorization": "Bearer " + text, "X-Agent-Key": text])
    return 0
}

/// SwiftPM links an executable's entry point as `FuzzCredentialFormats_main`: hand it to libFuzzer.
@_cdecl("FuzzCredentialFormats_main")
public func entryPoint(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzz)
}
