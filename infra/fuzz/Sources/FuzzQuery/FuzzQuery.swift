import FuzzSupport
import GatehouseCore

/// Query strings on a request: parsing them never crashes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let request = APIRequest(method: "GET", path: "/v1/audit", rawQuery: text)
    _ = request.queryItems
    _ = try? PageRequest.parse(request)
    return 0
}

/// SwiftPM links an executable's entry point as `FuzzQuery_main`: hand it to libFuzzer.
@_cdecl("FuzzQuery_main")
public func entryPoint(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzz)
}
