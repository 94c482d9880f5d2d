/*
 * test.h -- a tiny assertion kit for the unit tests (one executable per
 * module). A failed check prints file:line and the expression and counts a
 * failure; the test's main returns test_finish(), non-zero if any failed.
 */
#ifndef MDSUM_TEST_H
#define MDSUM_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int test_failures_;
static int test_checks_;

#define CHECK(expr) do { \
        test_checks_++; \
        if (!(expr)) { \
            test_failures_++; \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #expr); \
        } \
    } while (0)

#define CHECK_EQ_INT(a, b) do { \
        long long a_ = (long long)(a), b_ = (long long)(b); \
        test_checks_++; \
        if (a_ != b_) { \
            test_failures_++; \
            fprintf(stderr, "%s:%d: %s == %s failed: %lld != %lld\n", \
                    __FILE__, __LINE__, #a, #b, a_, b_); \
        } \
    } while (0)

#define CHECK_EQ_STR(a, b) do { \
        const char *a_ = (a), *b_ = (b); \
        test_checks_++; \
        if (!a_ || !b_ || strcmp(a_, b_) != 0) { \
            test_failures_++; \
            fprintf(stderr, "%s:%d: %s == %s failed: \"%s\" != \"%s\"\n", \
                    __FILE__, __LINE__, #a, #b, a_ ? a_ : "(null)", b_ ? b_ : "(null)"); \
        } \
    } while (0)

#define CHECK_NEAR(a, b, eps) do { \
        double a_ = (a), b_ = (b); \
        test_checks_++; \
        if (!(a_ - b_ <= (eps) && b_ - a_ <= (eps))) { \
            test_failures_++; \
            fprintf(stderr, "%s:%d: %s ~= %s failed: %.9g != %.9g\n", \
                    __FILE__, __LINE__, #a, #b, a_, b_); \
        } \
    } while (0)

static inline int test_finish(const char *name)
{
    fprintf(stderr, "%s: %d checks, %d failed\n", name, test_checks_, test_failures_);
    return test_failures_ ? 1 : 0;
}

/* Exit code CTest reads as "skipped" (SKIP_RETURN_CODE). */
#define TEST_SKIP 77

#endif
