/*
 * Routes are grouped per capability, each in its own folder's routes.ts.
 */
import '#health/routes'
import '#tenancy/routes'
import '#widgets/routes'
import '#audit/routes'
import '#mail/routes'
import '#policies/routes'
import '#members/routes'
import '#consent/routes'
import '#privacy_requests/routes'
import '#uploads/routes'
import '#inference/routes'
import '#newsletters/routes'
import '#lifecycle/routes'
import '#console/routes'
