import FuzzSupport
import GatehouseCore

/// Redis URLs (`redis://`, `unix://`, cluster seed lists): refused or parsed, never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? RedisConfiguration(url: text)
    return 0
}

/// SwiftPM links an executable's entry point as `FuzzRedisURL_main`: hand it to libFuzzer.
@_cdecl("FuzzRedisURL_main")
public func entryPoint(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, fuzz)
}
