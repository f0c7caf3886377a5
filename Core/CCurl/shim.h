#ifndef GATEHOUSE_CCURL_SHIM_H
#define GATEHOUSE_CCURL_SHIM_H
#include <curl/curl.h>

/* Gatehouse never links libcurl: it pulls in some thirty-five shared libraries that every CGI start
   would pay for. Core loads it with dlopen("libcurl.so.4") when an outbound-HTTP path starts (the
   Lambda runtime loop), and reaches its functions through pointers from dlsym. This header supplies
   the types and constants only; no function of libcurl is called from it directly.

   curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call: these typed
   wrappers take the pointer dlsym returned for them and make the call. */
typedef CURLcode (*gh_curl_setopt_function)(CURL *, CURLoption, ...);
typedef CURLcode (*gh_curl_getinfo_function)(CURL *, CURLINFO, ...);

static inline CURLcode gh_curl_setopt_long(void *setopt, CURL *handle, CURLoption option, long value) {
    return ((gh_curl_setopt_function)setopt)(handle, option, value);
}
static inline CURLcode gh_curl_setopt_string(void *setopt, CURL *handle, CURLoption option, const char *value) {
    return ((gh_curl_setopt_function)setopt)(handle, option, value);
}
static inline CURLcode gh_curl_setopt_pointer(void *setopt, CURL *handle, CURLoption option, void *value) {
    return ((gh_curl_setopt_function)setopt)(handle, option, value);
}
static inline CURLcode gh_curl_setopt_slist(void *setopt, CURL *handle, CURLoption option,
        struct curl_slist *value) {
    return ((gh_curl_setopt_function)setopt)(handle, option, value);
}
static inline CURLcode gh_curl_setopt_write_callback(void *setopt, CURL *handle, CURLoption option,
        size_t (*callback)(char *, size_t, size_t, void *)) {
    return ((gh_curl_setopt_function)setopt)(handle, option, callback);
}
static inline CURLcode gh_curl_setopt_opensocket_callback(void *setopt, CURL *handle, CURLoption option,
        curl_socket_t (*callback)(void *, curlsocktype, struct curl_sockaddr *)) {
    return ((gh_curl_setopt_function)setopt)(handle, option, callback);
}
static inline CURLcode gh_curl_getinfo_long(void *getinfo, CURL *handle, CURLINFO info, long *value) {
    return ((gh_curl_getinfo_function)getinfo)(handle, info, value);
}
#endif
