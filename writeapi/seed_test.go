package writeapi_test

// Short names for the types of the shared Identity test bench
// (test/identitytest); its functions are called by their own names.

import "cronica/test/identitytest"

type (
	bench     = identitytest.Bench
	user      = identitytest.User
	seededOrg = identitytest.SeededOrg
	stored    = identitytest.Stored
)
