/*
 * Test-only stand-in for Windows' bcryptprimitives.dll, which Wine 8 lacks. Rust's std
 * asks it for random bytes (ProcessPrng) on Windows 10 and later; this answers from
 * RtlGenRandom (advapi32's SystemFunction036), which Wine has. `cargo xtask windows` builds
 * it with mingw and puts it beside the test copies of the exes under the target folder.
 * It is never shipped: the real DLL is part of every Windows 10/11.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
