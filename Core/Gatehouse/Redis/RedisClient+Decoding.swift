import CHiredis

extension RedisClient {
    /// The replies that RESP2 bytes, as a server would send them, decode to: the same hiredis reader
    /// and the same conversion a connection uses, without a connection (for tests and fuzzing).
    ///
    /// Throws ``RedisError/protocol(_:)`` when the bytes are not RESP, or end inside a reply.
    public static func replies(decoding bytes: [UInt8]) throws(RedisError) -> [RedisReply] {
        guard let reader = redisReaderCreate() else { throw .protocol("cannot create a reply reader") }
        defer { redisReaderFree(reader) }
        boundReplies(of: reader)
        let fed = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { redisReaderFeed(reader, $0.baseAddress, $0.count) }
        }
        guard fed == REDIS_OK else { throw .protocol("cannot buffer the reply") }
        var replies: [RedisReply] = []
        while true {
            var raw: UnsafeMutableRawPointer?
            guard redisReaderGetReply(reader, &raw) == REDIS_OK else {
                throw .protocol(reader.pointee.err == REDIS_ERR_OOM ? "reply too large" : "malformed reply")
            }
            guard let raw else { break }
            defer { freeReplyObject(raw) }
            replies.append(try reply(from: raw.assumingMemoryBound(to: redisReply.self)))
        }
        // Nothing left over, and no reply begun (the reader leaves an empty first task after its last reply).
        let begun = reader.pointee.ridx >= 0 && reader.pointee.rstack.0.type >= 0
        guard !begun, reader.pointee.len == reader.pointee.pos else { throw .protocol("the bytes end inside a reply") }
        return replies
    }
}
