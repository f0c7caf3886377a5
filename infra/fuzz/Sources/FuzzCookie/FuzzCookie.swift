import FuzzSupport
import GatehouseCore

/// Cookie headers: finding the session cookie, and parsing it as a session token, never crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let request = APIRequest(method: "GET", path: "/", headers: ["Cookie": text])
    if let value = request.cookie(named: "__Host-gh_session") { _ = OpaqueToken.parse(value, as: .session) }
    return 0
}

/// SwiftPM links an executable's entry point as `FuzzCookie_main`: hand it to libFuzzer.
@_cdecl("FuzzCookie_main")
public func entryPoint(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzz)
}
