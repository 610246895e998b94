/* tests/unit/api_wsapi_session.c - the WSAPI session table: keys are per
 * array, a session expires after its idle time (each use renews it), logout
 * forgets it, and many sessions per user are fine (docs/array-interfaces.md §1.2). */
#include <criterion/criterion.h>
#include <string.h>
#include <unistd.h>

#include "api/wsapi_internal.h"

Test(api_wsapi_session, idle_sessions_expire_and_use_renews_them)
{
    struct wsapi_sessions *ss = wsapi_sessions_new(300, 0);
    char k1[64], k2[64], user[32];
    enum sim_user_role role;
    wsapi_session_create(ss, "site-a", "edit", SIM_ROLE_EDIT, k1, sizeof(k1));
    wsapi_session_create(ss, "site-a", "browse", SIM_ROLE_BROWSE, k2, sizeof(k2));
    cr_assert_str_neq(k1, k2);
    cr_assert_eq(wsapi_session_lookup(ss, "site-a", k1, user, sizeof(user), &role), 1);
    cr_assert_str_eq(user, "edit");
    cr_assert_eq(role, SIM_ROLE_EDIT);
    for (int i = 0; i < 4; i++) {      /* k1 kept busy past the idle time */
        usleep(150 * 1000);
        cr_assert_eq(wsapi_session_lookup(ss, "site-a", k1, user, sizeof(user), &role), 1);
    }
    cr_assert_eq(wsapi_session_lookup(ss, "site-a", k2, user, sizeof(user), &role), 0,
                 "an idle session expires");
    cr_assert_eq(wsapi_sessions_count(ss, "site-a"), 1);
    wsapi_sessions_sweep(ss, NULL);
    cr_assert_eq(wsapi_session_delete(ss, "site-a", k2), 0, "swept");
    cr_assert_eq(wsapi_session_delete(ss, "site-a", k1), 1);
    wsapi_sessions_free(ss);
}

Test(api_wsapi_session, keys_are_per_array_and_per_login)
{
    struct wsapi_sessions *ss = wsapi_sessions_new(0, 0);  /* the defaults */
    char key[64], user[32];
    enum sim_user_role role;
    wsapi_session_create(ss, "site-a", "3paradm", SIM_ROLE_SUPER, key, sizeof(key));
    cr_assert_eq(wsapi_session_lookup(ss, "site-b", key, user, sizeof(user), &role), 0);
    cr_assert_eq(wsapi_session_lookup(ss, "site-a", "0-bogus", user, sizeof(user), &role), 0);
    for (int i = 0; i < 500; i++) {     /* a client that logs in again on every 403 */
        char k[64];
        wsapi_session_create(ss, "site-a", "3paradm", SIM_ROLE_SUPER, k, sizeof(k));
    }
    cr_assert_eq(wsapi_sessions_count(ss, "site-a"), 501);
    cr_assert_eq(wsapi_session_lookup(ss, "site-a", key, user, sizeof(user), &role), 1);
    wsapi_sessions_sweep(ss, "site-a");
    cr_assert_eq(wsapi_sessions_count(ss, "site-a"), 0);
    wsapi_sessions_free(ss);
}

Test(api_wsapi_session, a_full_table_ends_the_least_recently_used)
{
    struct wsapi_sessions *ss = wsapi_sessions_new(0, 3);
    char k[4][64], user[32];
    enum sim_user_role role;
    for (int i = 0; i < 3; i++) {
        wsapi_session_create(ss, "site-a", "edit", SIM_ROLE_EDIT, k[i], sizeof(k[i]));
        usleep(5 * 1000);
    }
    cr_assert_eq(wsapi_session_lookup(ss, "site-a", k[0], user, sizeof(user), &role), 1);
    usleep(5 * 1000);
    wsapi_session_create(ss, "site-a", "edit", SIM_ROLE_EDIT, k[3], sizeof(k[3]));
    cr_assert_eq(wsapi_sessions_count(ss, "site-a"), 3);
    cr_assert_eq(wsapi_session_lookup(ss, "site-a", k[1], user, sizeof(user), &role), 0,
                 "the one unused the longest is gone");
    cr_assert_eq(wsapi_session_lookup(ss, "site-a", k[0], user, sizeof(user), &role), 1);
    cr_assert_eq(wsapi_session_lookup(ss, "site-a", k[2], user, sizeof(user), &role), 1);
    cr_assert_eq(wsapi_session_lookup(ss, "site-a", k[3], user, sizeof(user), &role), 1);
    wsapi_sessions_free(ss);
}
