#ifndef GATEHOUSE_CCURL_SHIM_H
#define GATEHOUSE_CCURL_SHIM_H
#include <curl/curl.h>

/* curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call: these typed
   wrappers are the only way Swift reaches them. */
static inline CURLcode gh_curl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode gh_curl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode gh_curl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode gh_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode gh_curl_setopt_write_callback(CURL *handle,
        size_t (*callback)(char *, size_t, size_t, void *)) {
    return curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback);
}
static inline CURLcode gh_curl_setopt_header_callback(CURL *handle,
        size_t (*callback)(char *, size_t, size_t, void *)) {
    return curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, callback);
}
static inline CURLcode gh_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}
/* The same typed calls through function pointers found with dlsym, for code that loads libcurl at
   run time instead of linking it (a function executable must not need libcurl just to start). */
typedef CURLcode (*gh_curl_easy_setopt_function)(CURL *, CURLoption, ...);
typedef CURLcode (*gh_curl_easy_getinfo_function)(CURL *, CURLINFO, ...);
static inline CURLcode gh_dl_curl_setopt_long(void *setopt, CURL *handle, CURLoption option, long value) {
    return ((gh_curl_easy_setopt_function)setopt)(handle, option, value);
}
static inline CURLcode gh_dl_curl_setopt_pointer(void *setopt, CURL *handle, CURLoption option, const void *value) {
    return ((gh_curl_easy_setopt_function)setopt)(handle, option, value);
}
static inline CURLcode gh_dl_curl_setopt_write_callback(void *setopt, CURL *handle,
        size_t (*callback)(char *, size_t, size_t, void *)) {
    return ((gh_curl_easy_setopt_function)setopt)(handle, CURLOPT_WRITEFUNCTION, callback);
}
static inline CURLcode gh_dl_curl_getinfo_long(void *getinfo, CURL *handle, CURLINFO info, long *value) {
    return ((gh_curl_easy_getinfo_function)getinfo)(handle, info, value);
}
#endif
