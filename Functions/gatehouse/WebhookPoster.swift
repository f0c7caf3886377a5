import CCurl

/// Posts one webhook message with libcurl. Lives in the CLI only: functions must not link libcurl.
final class WebhookPoster {
    private let url: String
    private let timeoutMilliseconds: Int

    init(url: String, timeoutMilliseconds: Int = 10_000) {
        self.url = url
        self.timeoutMilliseconds = timeoutMilliseconds
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
    }

    /// Posts `body` with `headers`; true when the receiver answered 2xx.
    func post(body: [UInt8], headers: [(String, String)]) -> Bool {
        guard let handle = curl_easy_init() else { return false }
        defer { curl_easy_cleanup(handle) }
        var list: UnsafeMutablePointer<curl_slist>?
        for (name, value) in headers { list = curl_slist_append(list, "\(name): \(value)") }
        list = curl_slist_append(list, "Expect:")
        defer { curl_slist_free_all(list) }
        let discard: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
            _, size, count, _ in size * count
        }
        var status = 0
        let result: CURLcode = body.withUnsafeBufferPointer { buffer in
            _ = gh_curl_setopt_string(handle, CURLOPT_URL, url)
            _ = gh_curl_setopt_long(handle, CURLOPT_POST, 1)
            _ = gh_curl_setopt_pointer(
                handle, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: buffer.baseAddress))
            _ = gh_curl_setopt_long(handle, CURLOPT_POSTFIELDSIZE, buffer.count)
            _ = gh_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, list)
            _ = gh_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, timeoutMilliseconds)
            _ = gh_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
            _ = gh_curl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0)
            _ = gh_curl_setopt_write_callback(handle, discard)
            let code = curl_easy_perform(handle)
            var response: Int = 0
            _ = gh_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &response)
            status = response
            return code
        }
        return result == CURLE_OK && (200..<300).contains(status)
    }
}
