/* tests/unit/api_nbd.c - the NBD error table: every refusal has a wire
 * error and an option reply, and the access rules give the errors
 * docs/behaviour.md promises. */
#include <criterion/criterion.h>

#include "api/nbd_internal.h"
#include "sim/err.h"

static uint32_t wire(enum sim_rc rc)
{
    struct sim_err err = { .rc = rc };
    return nbd_errno_of(&err);
}

static uint32_t rep(enum sim_rc rc)
{
    struct sim_err err = { .rc = rc };
    return nbd_rep_err_of(&err);
}

Test(api_nbd, every_sim_rc_has_an_entry)
{
    cr_assert(nbd_err_table_complete());
}

Test(api_nbd, access_rules_errors)
{
    cr_assert_eq(wire(SIM_EREADONLY), NBD_E_PERM);
    cr_assert_eq(wire(SIM_ETARGET_NOT_READY), NBD_E_IO);
    cr_assert_eq(wire(SIM_EFAILSAFE), NBD_E_IO);
    cr_assert_eq(wire(SIM_EPATH_STANDBY), NBD_E_IO);
    cr_assert_eq(wire(SIM_EPOWERED_OFF), NBD_E_SHUTDOWN);
    cr_assert_eq(wire(SIM_EIO_RANGE), NBD_E_INVAL);
    cr_assert_eq(rep(SIM_ENOENT_VLUN), NBD_REP_ERR_UNKNOWN);
    cr_assert_eq(rep(SIM_ENOENT_HOST), NBD_REP_ERR_UNKNOWN);
}

Test(api_nbd, fields_are_big_endian)
{
    unsigned char b[8];
    nbd_put64(b, 0x0102030405060708ULL);
    cr_assert_eq(b[0], 1);
    cr_assert_eq(b[7], 8);
    cr_assert_eq(nbd_get64(b), 0x0102030405060708ULL);
    nbd_put16(b, 0xBEEF);
    cr_assert_eq(nbd_get16(b), 0xBEEF);
}
