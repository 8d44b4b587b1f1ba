package pingonetest

import (
	"fmt"
	"maps"
	"slices"
	"sync"
	"time"
)

// DemoTenant names the objects of the seeded demo tenant. The IDs come from a
// fixed-seed generator: they are the same on every run and in every Emulator.
type DemoTenant struct {
	// OrganizationID is the organisation ("Demo Organization", PAID); it also
	// exists with WithoutDemoTenant.
	OrganizationID string
	// LicenseID is the organisation's one license; it also exists with
	// WithoutDemoTenant.
	LicenseID string

	// AdminEnvironmentID is "Administrators" (SANDBOX), home of the worker app.
	AdminEnvironmentID string
	// ProductionEnvironmentID is "Production", the only PRODUCTION environment.
	ProductionEnvironmentID string
	// SandboxEnvironmentID is "Sandbox" (SANDBOX): the richest environment.
	SandboxEnvironmentID string
	// StagingEnvironmentID is "Staging" (SANDBOX, subtype STAGING).
	StagingEnvironmentID string

	// WorkerClientID and WorkerClientSecret are the WORKER application in
	// AdminEnvironmentID ("p1kit Worker"), accepted by client_credentials at
	// /{AdminEnvironmentID}/as/token. WorkerClientID is also its application id.
	WorkerClientID, WorkerClientSecret string

	// AdminDefaultPopulationID is the default population of Administrators.
	AdminDefaultPopulationID string
	// AdminUserID is "p1admin" (AdminUsername) in Administrators: the test
	// administrator the auth host signs in without a password.
	AdminUserID   string
	AdminUsername string
	// CLIClientID is the public NATIVE_APP "p1kit CLI" in AdminEnvironmentID
	// (no secret, PKCE S256 required): grants authorization code, device code
	// and refresh token; redirect URI CLIRedirectURI (any loopback port).
	CLIClientID, CLIRedirectURI string

	// Sandbox populations: Default (default), Employees, Contractors (all with
	// users), Archive (empty).
	SandboxDefaultPopulationID, SandboxEmployeesPopulationID, SandboxContractorsPopulationID, SandboxArchivePopulationID string
	// Sandbox groups: Help Desk, Engineering (scoped to Employees), Admins, and
	// Auditors (no members).
	SandboxHelpDeskGroupID, SandboxEngineeringGroupID, SandboxAdminsGroupID, SandboxEmptyGroupID string
	// Sandbox applications: OIDC WEB_APP "HR Portal", SINGLE_PAGE_APP
	// "Team Dashboard", WORKER "Directory Sync" and SAML "Expense Reports".
	SandboxWebAppID, SandboxSPAAppID, SandboxWorkerAppID, SandboxSAMLAppID string
	// SandboxWorkerClientSecret is the secret of SandboxWorkerAppID.
	SandboxWorkerClientSecret string
	// SandboxUserID is "jdoe" (Jane Doe, Employees, member of Admins and
	// Engineering, enabled, has a password).
	SandboxUserID string
	// SandboxDisabledUserID is a disabled user; SandboxLockedUserID has
	// account.status LOCKED; SandboxVerificationRequiredUserID has
	// lifecycle.status VERIFICATION_REQUIRED.
	SandboxDisabledUserID, SandboxLockedUserID, SandboxVerificationRequiredUserID string
	// SandboxUserCount is the number of users in Sandbox.
	SandboxUserCount int

	// Production populations: Default (default), Customers, Partners.
	ProductionDefaultPopulationID, ProductionCustomersPopulationID, ProductionPartnersPopulationID string
	// Production groups: Support, VIP Customers.
	ProductionSupportGroupID, ProductionVIPGroupID string
	// Production applications: OIDC WEB_APP "Customer Portal", SINGLE_PAGE_APP
	// "Mobile Web", WORKER "Provisioning Worker", SAML "Partner SSO".
	ProductionWebAppID, ProductionSPAAppID, ProductionWorkerAppID, ProductionSAMLAppID string
	// ProductionUserCount is the number of users in Production.
	ProductionUserCount int

	// StagingDefaultPopulationID is the default population of Staging.
	StagingDefaultPopulationID string
	// StagingWebAppID is the OIDC WEB_APP "Staging Portal".
	StagingWebAppID string

	// RoleIDs are the ids of the system roles by name ("Organization Admin",
	// "Environment Admin", "Identity Data Admin", "Identity Data Read Only",
	// "Client Application Developer", "Configuration Read Only",
	// "Application Owner", "Help Desk Admin"); they also exist with
	// WithoutDemoTenant.
	RoleIDs map[string]string
	// AdminUserRoleAssignmentID grants AdminUserID Organization Admin at
	// ORGANIZATION scope.
	AdminUserRoleAssignmentID string
	// SandboxUserRoleAssignmentID grants SandboxUserID Identity Data Admin
	// at ENVIRONMENT scope (Sandbox).
	SandboxUserRoleAssignmentID string

	// SandboxMFAUserID ("maria.garcia") has three MFA devices,
	// SandboxMFADeviceIDs in order: SMS (ACTIVE), EMAIL (ACTIVE) and TOTP
	// (ACTIVATION_REQUIRED).
	SandboxMFAUserID    string
	SandboxMFADeviceIDs []string
	// SandboxMFAOtherUserID ("jeanluc.moreau") has two ACTIVE devices, TOTP
	// and SMS; "wei.wang" has one EMAIL device.
	SandboxMFAOtherUserID string

	// Sign-on policies: each environment has the default "Single_Factor"
	// (one LOGIN action); Sandbox and Production also have "Multi_Factor"
	// (LOGIN at priority 1, then MULTI_FACTOR_AUTHENTICATION at 2).
	SandboxSingleFactorPolicyID, SandboxMultiFactorPolicyID string
	// SandboxSingleFactorLoginActionID is the LOGIN action of Sandbox's
	// Single_Factor; SandboxMultiFactorActionIDs are Multi_Factor's actions
	// in priority order (LOGIN, MULTI_FACTOR_AUTHENTICATION).
	SandboxSingleFactorLoginActionID string
	SandboxMultiFactorActionIDs      []string
	// ProductionSingleFactorPolicyID and ProductionMultiFactorPolicyID are
	// Production's policies.
	ProductionSingleFactorPolicyID, ProductionMultiFactorPolicyID string
	// SandboxWebAppPolicyAssignmentID makes "HR Portal" (SandboxWebAppID)
	// use Multi_Factor at priority 1; "Customer Portal" (ProductionWebAppID)
	// uses Production's Multi_Factor in the same way. Every other
	// application uses its environment's default policy.
	SandboxWebAppPolicyAssignmentID string

	// Identity providers: Sandbox has GOOGLE "Google" and OPENID_CONNECT
	// "Corporate IdP"; Production has FACEBOOK "Facebook".
	SandboxGoogleIdPID, SandboxOIDCIdPID, ProductionFacebookIdPID string

	// Sandbox protected resources: the built-in "openid" (OPENID_CONNECT)
	// and "PingOne API" (PINGONE_API), and the CUSTOM "Payroll API".
	SandboxOpenIDResourceID, SandboxPingOneAPIResourceID, SandboxPayrollResourceID string
	// SandboxStaffGroupID is "Staff" in Sandbox: no direct members;
	// Help Desk is nested in it, so Help Desk's members are its INDIRECT
	// members.
	SandboxStaffGroupID string
	// SandboxAdminsGroupRoleAssignmentID grants the Admins group (so its
	// members, jdoe among them) Environment Admin at ENVIRONMENT scope
	// (Sandbox).
	SandboxAdminsGroupRoleAssignmentID string
	// Every environment has PingOne's three password policies: Standard
	// (the default: 8 to 255 characters, one each of upper case, lower
	// case, digit and special, no reuse of the last 6, lockout after 5
	// failed sign-ons for 900 seconds), Basic (8 to 255 characters) and
	// Passphrase (at least 30 characters); every seeded population names
	// Standard. These are Sandbox's.
	SandboxStandardPasswordPolicyID, SandboxBasicPasswordPolicyID, SandboxPassphrasePasswordPolicyID string

	// SandboxSigningCertificateID is Sandbox's one certificate: SIGNING,
	// self-signed EC P-256, CN=sandbox-signing.example.com, valid 2025 to
	// 2035.
	SandboxSigningCertificateID string

	// Scopes of Sandbox's resources: openid has the built-in openid,
	// profile, email, address and phone; PingOne API the platform scopes
	// p1:read:user, p1:update:user, p1:read:sessions and
	// p1:reset:userPassword; Payroll API payroll:read and payroll:write.
	// SandboxScopeIDs holds them all by "<resource name>/<scope name>".
	SandboxScopeIDs map[string]string
	// SandboxWebAppOpenIDGrantID grants "HR Portal" openid, profile and
	// email of the openid resource; SandboxWebAppPayrollGrantID grants it
	// payroll:read of Payroll API. "Directory Sync" (the Sandbox worker)
	// has SandboxWorkerAppGrantID: p1:read:user of PingOne API.
	SandboxWebAppOpenIDGrantID, SandboxWebAppPayrollGrantID, SandboxWorkerAppGrantID string
	// Every seeded OIDC application has its CORE attribute mapping sub
	// (${user.id}) and every SAML one saml_subject; "HR Portal" also maps
	// the CUSTOM claim email (${user.email}). These are HR Portal's and
	// "Expense Reports"' (SandboxSAMLAppID) CORE mapping.
	SandboxWebAppSubMappingID, SandboxWebAppEmailMappingID, SandboxSAMLAppSubjectMappingID string
	// SandboxAuditorRoleID is Sandbox's custom role "Directory Auditor":
	// reads users, groups and populations; applicable at ENVIRONMENT and
	// POPULATION scope; assignable by Environment Admin and Identity Data
	// Admin. SandboxAuditorRoleAssignmentID grants it to jsmith at
	// ENVIRONMENT scope (Sandbox), so it cannot be deleted.
	SandboxAuditorRoleID, SandboxAuditorRoleAssignmentID string
	// WorkerRoleAssignmentID grants the p1kit Worker (WorkerClientID)
	// Environment Admin at ORGANIZATION scope;
	// SandboxWorkerAppRoleAssignmentID grants Directory Sync
	// (SandboxWorkerAppID) Identity Data Admin at ENVIRONMENT scope
	// (Sandbox). Only worker applications hold roles.
	WorkerRoleAssignmentID, SandboxWorkerAppRoleAssignmentID string
	// Every identity provider has its CORE username attribute mapping;
	// these are Corporate IdP's (SandboxOIDCIdPID): username from
	// ${providerAttributes.sub} (CORE, EMPTY_ONLY) and the CUSTOM email
	// from ${providerAttributes.email} (ALWAYS).
	SandboxOIDCIdPUsernameMappingID, SandboxOIDCIdPEmailMappingID string

	// Every environment has PingOne's "Default MFA Policy", the default
	// device authentication policy (SMS, voice, email, TOTP and FIDO2 on,
	// mobile off); Sandbox also has "Strict MFA" (TOTP and FIDO2 only).
	// The MULTI_FACTOR_AUTHENTICATION actions of Sandbox's and
	// Production's Multi_Factor name their environment's default.
	SandboxDefaultMFAPolicyID, SandboxStrictMFAPolicyID string

	// SandboxMFAUserID has two open sign-on sessions, SandboxSessionIDs: a
	// browser's and a phone's, long-lived ("remember me"), so that they
	// have not expired whenever the emulator runs.
	SandboxSessionIDs []string
}

// Demo describes the seeded demo tenant: the ids every Emulator built with
// it has (they come from a fixed seed). Each call returns a copy of its own,
// so no caller can change what another one sees; [Emulator.Demo] is the same
// for one emulator.
func Demo() DemoTenant { return demoTenant().clone() }

// demoTenant builds the demo tenant once, to read its ids.
var demoTenant = sync.OnceValue(func() DemoTenant {
	declare()
	_, d := buildState(true)
	return d
})

func (d DemoTenant) clone() DemoTenant {
	d.SandboxMFADeviceIDs = slices.Clone(d.SandboxMFADeviceIDs)
	d.SandboxSessionIDs = slices.Clone(d.SandboxSessionIDs)
	d.SandboxMultiFactorActionIDs = slices.Clone(d.SandboxMultiFactorActionIDs)
	d.RoleIDs = maps.Clone(d.RoleIDs)
	d.SandboxScopeIDs = maps.Clone(d.SandboxScopeIDs)
	return d
}

// seedEpoch is the creation time of the demo tenant.
var seedEpoch = time.Date(2025, 1, 10, 9, 0, 0, 0, time.UTC)

type seeder struct {
	st *state
	t  time.Time
}

func (s *seeder) next() string {
	s.t = s.t.Add(7 * time.Minute)
	return ts(s.t)
}

// buildState builds the initial state and the Demo description of it.
func buildState(withDemo bool) (*state, DemoTenant) {
	st := newState()
	s := &seeder{st: st, t: seedEpoch}
	var dm DemoTenant

	dm.OrganizationID = st.ids.uuid()
	dm.LicenseID = st.ids.uuid()
	created := s.next()
	st.orgs.add(doc{
		"id": dm.OrganizationID, "name": "Demo Organization", "description": "Emulated PingOne organisation (p1kit sandbox)",
		"type": "PAID", "createdAt": created, "updatedAt": created,
	})
	st.licenses.add(doc{
		"id": dm.LicenseID, "name": "Demo License", "package": "PREMIUM", "status": "ACTIVE",
		"organization": ref(dm.OrganizationID),
		"beginsAt":     ts(seedEpoch), "expiresAt": ts(seedEpoch.AddDate(5, 0, 0)),
		"environments": doc{"allowProduction": true, "max": 50, "regions": []any{"NORTH_AMERICA", "EU", "CA", "AP", "AU", "SG"}},
		"users":        doc{"allowPasswordManagementNotifications": true, "allowIdentityProviders": true, "max": 100000},
		"mfa":          doc{"allowPushNotification": true, "allowFido2Devices": true},
	})
	dm.RoleIDs = seedRoles(st)
	if !withDemo {
		return st, dm
	}

	// Administrators
	var admin *envData
	dm.AdminEnvironmentID, admin = s.env(dm, "Administrators", "SANDBOX", "Administrators of the Demo Organization; holds the p1kit worker application", "", []string{"PING_ONE_BASE"}, "")
	dm.AdminDefaultPopulationID = s.population(dm.AdminEnvironmentID, "Default", "Administrators", true)
	dm.AdminUserID = s.user(dm.AdminEnvironmentID, admin, dm.AdminDefaultPopulationID, person{username: "p1admin", given: "Avery", family: "Admin", mfa: true, title: "Platform Administrator", signedIn: true}, 0)
	s.user(dm.AdminEnvironmentID, admin, dm.AdminDefaultPopulationID, person{username: "secops", given: "Sam", family: "Okonkwo", mfa: true, title: "Security Operations"}, 1)
	dm.WorkerClientID, dm.WorkerClientSecret = s.oidcApp(dm.AdminEnvironmentID, admin, "p1kit Worker", "WORKER", "CLIENT_SECRET_BASIC", "Worker application used by p1kit to manage the organisation")

	// Production
	var prod *envData
	dm.ProductionEnvironmentID, prod = s.env(dm, "Production", "PRODUCTION", "Customer identities", "", []string{"PING_ONE_BASE", "PING_ONE_MFA", "PING_ONE_RISK", "PING_ONE_DAVINCI"}, "CUSTOMER")
	pe := dm.ProductionEnvironmentID
	dm.ProductionDefaultPopulationID = s.population(pe, "Default", "Default population", true)
	dm.ProductionCustomersPopulationID = s.population(pe, "Customers", "Registered customers", false)
	dm.ProductionPartnersPopulationID = s.population(pe, "Partners", "Partner organisation staff", false)
	prodPops := []string{dm.ProductionCustomersPopulationID, dm.ProductionCustomersPopulationID, dm.ProductionPartnersPopulationID, dm.ProductionDefaultPopulationID}
	var prodUsers []string
	for i, p := range productionPeople {
		prodUsers = append(prodUsers, s.user(pe, prod, prodPops[i%len(prodPops)], p, i))
	}
	dm.ProductionUserCount = len(prodUsers)
	dm.ProductionSupportGroupID = s.group(pe, prod, "Support", "Customer support agents", "")
	dm.ProductionVIPGroupID = s.group(pe, prod, "VIP Customers", "High-value customers", dm.ProductionCustomersPopulationID)
	for _, i := range []int{2, 6, 10} {
		prod.addMember(pe, prodUsers[i], dm.ProductionSupportGroupID)
	}
	for _, i := range []int{0, 1, 4, 8} {
		prod.addMember(pe, prodUsers[i], dm.ProductionVIPGroupID)
	}
	dm.ProductionWebAppID, _ = s.oidcApp(pe, prod, "Customer Portal", "WEB_APP", "CLIENT_SECRET_BASIC", "Self-service portal for customers")
	dm.ProductionSPAAppID, _ = s.oidcApp(pe, prod, "Mobile Web", "SINGLE_PAGE_APP", "NONE", "Mobile web front end")
	dm.ProductionWorkerAppID, _ = s.oidcApp(pe, prod, "Provisioning Worker", "WORKER", "CLIENT_SECRET_POST", "Provisions customer accounts from the CRM")
	dm.ProductionSAMLAppID = s.samlApp(pe, prod, "Partner SSO", "https://partners.example.com/saml", "https://partners.example.com/saml/acs")

	// Sandbox
	var sb *envData
	dm.SandboxEnvironmentID, sb = s.env(dm, "Sandbox", "SANDBOX", "Sandbox for developers and agents", "DEV", []string{"PING_ONE_BASE", "PING_ONE_MFA", "PING_ONE_DAVINCI", "PING_ONE_VERIFY"}, "WORKFORCE")
	se := dm.SandboxEnvironmentID
	dm.SandboxDefaultPopulationID = s.population(se, "Default", "Default population", true)
	dm.SandboxEmployeesPopulationID = s.population(se, "Employees", "Full-time staff", false)
	dm.SandboxContractorsPopulationID = s.population(se, "Contractors", "External contractors", false)
	dm.SandboxArchivePopulationID = s.population(se, "Archive", "Former users (empty)", false)
	pops := []string{dm.SandboxEmployeesPopulationID, dm.SandboxContractorsPopulationID, dm.SandboxDefaultPopulationID}
	var sbUsers []string
	for i, p := range sandboxPeople {
		switch i {
		case 5, 17, 33:
			p.disabled = true
		case 9, 28:
			p.locked = true
		case 12, 40, 47:
			p.verify = true
		}
		p.mfa = i%4 == 0
		p.signedIn = i%3 != 2
		if i%2 == 0 {
			p.phone = fmt.Sprintf("+1555010%04d", i)
		}
		if i%5 == 0 {
			p.externalID = fmt.Sprintf("EMP-%04d", 1000+i)
		}
		if i%3 == 0 {
			p.title = sandboxTitles[(i/3)%len(sandboxTitles)]
		}
		p.password = i == 0
		sbUsers = append(sbUsers, s.user(se, sb, pops[i%3], p, i))
	}
	dm.SandboxUserCount = len(sbUsers)
	dm.SandboxUserID = sbUsers[0]
	dm.SandboxDisabledUserID = sbUsers[5]
	dm.SandboxLockedUserID = sbUsers[9]
	dm.SandboxVerificationRequiredUserID = sbUsers[12]
	dm.SandboxHelpDeskGroupID = s.group(se, sb, "Help Desk", "Tier 1 support", "")
	dm.SandboxEngineeringGroupID = s.group(se, sb, "Engineering", "Product engineering (employees only)", dm.SandboxEmployeesPopulationID)
	dm.SandboxAdminsGroupID = s.group(se, sb, "Admins", "Environment administrators", "")
	dm.SandboxEmptyGroupID = s.group(se, sb, "Auditors", "External auditors (no members yet)", "")
	for _, i := range []int{1, 4, 7, 10, 22} {
		sb.addMember(se, sbUsers[i], dm.SandboxHelpDeskGroupID)
	}
	for i := 0; i < len(sbUsers) && i < 36; i += 3 { // Employees only
		sb.addMember(se, sbUsers[i], dm.SandboxEngineeringGroupID)
	}
	for _, i := range []int{0, 3, 8} {
		sb.addMember(se, sbUsers[i], dm.SandboxAdminsGroupID)
	}
	dm.SandboxWebAppID, _ = s.oidcApp(se, sb, "HR Portal", "WEB_APP", "CLIENT_SECRET_BASIC", "Human resources portal")
	dm.SandboxSPAAppID, _ = s.oidcApp(se, sb, "Team Dashboard", "SINGLE_PAGE_APP", "NONE", "Browser dashboard")
	dm.SandboxWorkerAppID, dm.SandboxWorkerClientSecret = s.oidcApp(se, sb, "Directory Sync", "WORKER", "CLIENT_SECRET_BASIC", "Synchronises the HR directory")
	dm.SandboxSAMLAppID = s.samlApp(se, sb, "Expense Reports", "https://expenses.example.com/sp", "https://expenses.example.com/saml/acs")

	// Staging
	var stg *envData
	dm.StagingEnvironmentID, stg = s.env(dm, "Staging", "SANDBOX", "Pre-production staging", "STAGING", []string{"PING_ONE_BASE", "PING_ONE_MFA"}, "CUSTOMER")
	dm.StagingDefaultPopulationID = s.population(dm.StagingEnvironmentID, "Default", "Default population", true)
	qa := s.population(dm.StagingEnvironmentID, "QA Testers", "Test accounts", false)
	for i, p := range stagingPeople {
		pop := dm.StagingDefaultPopulationID
		if i%2 == 1 {
			pop = qa
		}
		s.user(dm.StagingEnvironmentID, stg, pop, p, i)
	}
	dm.StagingWebAppID, _ = s.oidcApp(dm.StagingEnvironmentID, stg, "Staging Portal", "WEB_APP", "CLIENT_SECRET_POST", "Portal under test")

	// Role assignments and MFA devices come last, so that adding them did
	// not change the ids generated above.
	dm.AdminUserRoleAssignmentID = s.roleAssignment(dm.AdminEnvironmentID, dm.AdminUserID, dm.RoleIDs["Organization Admin"], "ORGANIZATION", dm.OrganizationID)
	dm.SandboxUserRoleAssignmentID = s.roleAssignment(se, dm.SandboxUserID, dm.RoleIDs["Identity Data Admin"], "ENVIRONMENT", se)
	dm.SandboxMFAUserID = sbUsers[4]
	dm.SandboxMFADeviceIDs = []string{
		s.device(se, sbUsers[4], doc{"type": "SMS", "status": "ACTIVE", "nickname": "Mobile", "phone": "+15550100004"}),
		s.device(se, sbUsers[4], doc{"type": "EMAIL", "status": "ACTIVE", "email": "maria.garcia@example.com"}),
		s.device(se, sbUsers[4], doc{"type": "TOTP", "status": "ACTIVATION_REQUIRED", "nickname": "Authenticator"}),
	}
	dm.SandboxMFAOtherUserID = sbUsers[8]
	s.device(se, sbUsers[8], doc{"type": "TOTP", "status": "ACTIVE"})
	s.device(se, sbUsers[8], doc{"type": "SMS", "status": "ACTIVE", "phone": "+15550100008"})
	s.device(se, sbUsers[16], doc{"type": "EMAIL", "status": "ACTIVE", "email": "wei.wang@example.com"})

	// The sign-in application comes after them, for the same reason.
	dm.AdminUsername = "p1admin"
	dm.CLIRedirectURI = "http://127.0.0.1:7464/callback"
	dm.CLIClientID = s.nativeApp(dm.AdminEnvironmentID, admin, "p1kit CLI", dm.CLIRedirectURI, "Sign-in of administrators to p1 and p1 mcp run")

	// Sign-on policies come after everything above, for the same reason.
	s.seedSignOnPolicies(&dm)
	// Identity providers after them.
	dm.SandboxGoogleIdPID = s.identityProvider(dm.SandboxEnvironmentID, doc{"name": "Google", "type": "GOOGLE", "enabled": true,
		"clientId": "1234567890-demo.apps.googleusercontent.com", "clientSecret": "GOCSPX-demo-secret"})
	dm.SandboxOIDCIdPID = s.identityProvider(dm.SandboxEnvironmentID, doc{"name": "Corporate IdP", "type": "OPENID_CONNECT", "enabled": false,
		"description": "Workforce sign-on through the corporate OpenID Provider",
		"clientId":    "p1kit-demo", "clientSecret": "corporate-demo-secret", "issuer": "https://idp.example.com",
		"authorizationEndpoint": "https://idp.example.com/authorize", "tokenEndpoint": "https://idp.example.com/token",
		"jwksEndpoint": "https://idp.example.com/jwks", "userInfoEndpoint": "https://idp.example.com/userinfo",
		"scopes": []any{"openid", "email", "profile"}, "tokenEndpointAuthMethod": "CLIENT_SECRET_BASIC"})
	dm.ProductionFacebookIdPID = s.identityProvider(dm.ProductionEnvironmentID, doc{"name": "Facebook", "type": "FACEBOOK", "enabled": true,
		"appId": "100000000000001", "appSecret": "facebook-demo-secret"})

	// Protected resources come after everything above, for the same reason.
	dm.SandboxOpenIDResourceID = s.apiResource(se, sb, "openid", "OPENID_CONNECT", "", "OpenID Connect scopes")
	dm.SandboxPingOneAPIResourceID = s.apiResource(se, sb, "PingOne API", "PINGONE_API", "https://api.pingone.com", "The PingOne management API")
	dm.SandboxPayrollResourceID = s.apiResource(se, sb, "Payroll API", "CUSTOM", "https://payroll.example.com", "Salaries and payslips")
	// Nested groups and group role assignments come after everything
	// above, for the same reason.
	dm.SandboxStaffGroupID = s.group(se, sb, "Staff", "Everyone on staff, through nested groups", "")
	sb.below(keyGroupNestings, dm.SandboxHelpDeskGroupID, true).add(doc{"id": dm.SandboxStaffGroupID, "type": "DIRECT"})
	st.reindirect(se)
	dm.SandboxAdminsGroupRoleAssignmentID = s.assign(se, keyGroupRoleAssignments, dm.SandboxAdminsGroupID, dm.RoleIDs["Environment Admin"], "ENVIRONMENT", se)
	// Password policies come after it too: PingOne's three in every
	// environment, its populations naming Standard.
	for _, envID := range []string{dm.AdminEnvironmentID, pe, se, dm.StagingEnvironmentID} {
		std, basic, phrase := s.passwordPolicies(envID)
		if envID == se {
			dm.SandboxStandardPasswordPolicyID, dm.SandboxBasicPasswordPolicyID, dm.SandboxPassphrasePasswordPolicyID = std, basic, phrase
		}
	}
	dm.SandboxSigningCertificateID = s.certificate(se, dm.OrganizationID, DemoCertificatePEM, "SIGNING")
	// Scopes, grants and attribute mappings come after everything above,
	// for the same reason.
	s.seedGrants(&dm)
	// Custom roles and the roles of worker applications come last too.
	dm.SandboxAuditorRoleID = s.customRole(se, "Directory Auditor", "Reads users, groups and populations for access reviews",
		[]string{"identity:read:user", "identity:read:group", "identity:read:population"}, []string{"ENVIRONMENT", "POPULATION"},
		dm.RoleIDs["Environment Admin"], dm.RoleIDs["Identity Data Admin"])
	dm.SandboxAuditorRoleAssignmentID = s.roleAssignment(se, sbUsers[1], dm.SandboxAuditorRoleID, "ENVIRONMENT", se)
	dm.WorkerRoleAssignmentID = s.assign(dm.AdminEnvironmentID, keyApplicationRoleAssignments, dm.WorkerClientID,
		dm.RoleIDs["Environment Admin"], "ORGANIZATION", dm.OrganizationID)
	dm.SandboxWorkerAppRoleAssignmentID = s.assign(se, keyApplicationRoleAssignments, dm.SandboxWorkerAppID,
		dm.RoleIDs["Identity Data Admin"], "ENVIRONMENT", se)
	// Attribute mappings come after everything above, for the same reason.
	for _, p := range []struct{ env, idp, typ string }{{se, dm.SandboxGoogleIdPID, "GOOGLE"},
		{se, dm.SandboxOIDCIdPID, "OPENID_CONNECT"}, {pe, dm.ProductionFacebookIdPID, "FACEBOOK"}} {
		addCoreMapping(st, p.env, p.idp, p.typ, s.next())
	}
	dm.SandboxOIDCIdPUsernameMappingID = sb.below(keyIdentityProviderAttributes, dm.SandboxOIDCIdPID, false).items[0]["id"].(string)
	now := s.next()
	dm.SandboxOIDCIdPEmailMappingID = st.ids.uuid()
	sb.below(keyIdentityProviderAttributes, dm.SandboxOIDCIdPID, false).add(doc{
		"id": dm.SandboxOIDCIdPEmailMappingID, "environment": ref(se), "identityProvider": ref(dm.SandboxOIDCIdPID),
		"name": "email", "value": "${providerAttributes.email}", "update": "ALWAYS", "mappingType": "CUSTOM", "createdAt": now, "updatedAt": now,
	})
	// Device authentication policies come after everything above, for the same reason.
	for _, envID := range []string{dm.AdminEnvironmentID, pe, se, dm.StagingEnvironmentID} {
		id := s.mfaPolicy(envID, "Default MFA Policy", true, true)
		switch envID {
		case se:
			dm.SandboxDefaultMFAPolicyID = id
			st.envData[se].below(keySignOnPolicyActions, dm.SandboxMultiFactorPolicyID, false).get(dm.SandboxMultiFactorActionIDs[1])["deviceAuthenticationPolicy"] = ref(id)
		case pe:
			for _, a := range st.envData[pe].below(keySignOnPolicyActions, dm.ProductionMultiFactorPolicyID, false).items {
				if a["type"] == "MULTI_FACTOR_AUTHENTICATION" {
					a["deviceAuthenticationPolicy"] = ref(id)
				}
			}
		}
	}
	dm.SandboxStrictMFAPolicyID = s.mfaPolicy(se, "Strict MFA", false, false)
	// Sessions come last, for the same reason.
	for _, ip := range []string{"203.0.113.24", "198.51.100.7"} {
		dm.SandboxSessionIDs = append(dm.SandboxSessionIDs, s.session(se, dm.SandboxMFAUserID, ip))
	}
	return st, dm
}

// session opens a long-lived sign-on session for a user, last signed on
// from ip.
func (s *seeder) session(envID, userID, ip string) string {
	id := s.st.ids.uuid()
	now := s.next()
	s.st.envData[envID].below(keySessions, userID, true).add(doc{
		"id": id, "environment": ref(envID), "user": ref(userID), "createdAt": now, "updatedAt": now,
		"expiresAt": ts(s.t.AddDate(10, 0, 0)), "lastSignOn": doc{"at": now, "remoteIp": ip},
	})
	return id
}

// seedGrants adds the scopes of Sandbox's resources, grants of them to
// its applications, and every seeded application's attribute mappings.
func (s *seeder) seedGrants(dm *DemoTenant) {
	se := dm.SandboxEnvironmentID
	d := s.st.envData[se]
	dm.SandboxScopeIDs = map[string]string{}
	for _, rs := range []struct {
		res   string
		names []string
	}{
		{dm.SandboxOpenIDResourceID, oidcScopeNames},
		{dm.SandboxPingOneAPIResourceID, []string{"p1:read:user", "p1:update:user", "p1:read:sessions", "p1:reset:userPassword"}},
		{dm.SandboxPayrollResourceID, []string{"payroll:read", "payroll:write"}},
	} {
		res, names := rs.res, rs.names
		resName := str(d.coll(keyResources).get(res), "name")
		for _, name := range names {
			id := s.st.ids.uuid()
			now := s.next()
			d.below(keyScopes, res, true).add(doc{"id": id, "environment": ref(se), "resource": ref(res), "name": name,
				"description": "The " + name + " scope", "createdAt": now, "updatedAt": now})
			dm.SandboxScopeIDs[resName+"/"+name] = id
		}
	}
	grant := func(app, res string, names ...string) string {
		resName := str(d.coll(keyResources).get(res), "name")
		var list []any
		for _, n := range names {
			list = append(list, ref(dm.SandboxScopeIDs[resName+"/"+n]))
		}
		id := s.st.ids.uuid()
		now := s.next()
		d.below(keyGrants, app, true).add(doc{"id": id, "application": ref(app), "resource": ref(res), "scopes": list,
			"createdAt": now, "updatedAt": now})
		return id
	}
	dm.SandboxWebAppOpenIDGrantID = grant(dm.SandboxWebAppID, dm.SandboxOpenIDResourceID, "openid", "profile", "email")
	dm.SandboxWebAppPayrollGrantID = grant(dm.SandboxWebAppID, dm.SandboxPayrollResourceID, "payroll:read")
	dm.SandboxWorkerAppGrantID = grant(dm.SandboxWorkerAppID, dm.SandboxPingOneAPIResourceID, "p1:read:user")

	for _, e := range s.st.envs().items {
		envID := e["id"].(string)
		for _, a := range s.st.envData[envID].coll(keyApplications).items {
			appID := a["id"].(string)
			if m := coreMapping(str(a, "protocol"), s.st.ids.uuid(), s.next()); m != nil {
				m["application"] = ref(appID)
				s.st.envData[envID].below(keyApplicationAttributes, appID, true).add(m)
				switch appID {
				case dm.SandboxWebAppID:
					dm.SandboxWebAppSubMappingID = m["id"].(string)
				case dm.SandboxSAMLAppID:
					dm.SandboxSAMLAppSubjectMappingID = m["id"].(string)
				}
			}
		}
	}
	now := s.next()
	dm.SandboxWebAppEmailMappingID = s.st.ids.uuid()
	d.below(keyApplicationAttributes, dm.SandboxWebAppID, true).add(doc{"id": dm.SandboxWebAppEmailMappingID,
		"application": ref(dm.SandboxWebAppID), "name": "email", "value": "${user.email}", "required": false,
		"mappingType": "CUSTOM", "idToken": true, "userInfo": true, "createdAt": now, "updatedAt": now})
}

// mfaPolicy adds a device authentication policy; a lenient one has every
// offline method on, a strict one only TOTP and FIDO2.
func (s *seeder) mfaPolicy(envID, name string, def, lenient bool) string {
	id := s.st.ids.uuid()
	failure := func(cool float64) doc {
		return doc{"count": 3.0, "coolDown": doc{"duration": cool, "timeUnit": "MINUTES"}}
	}
	offline := func(minutes float64) doc {
		return doc{"enabled": lenient, "otp": doc{"lifeTime": doc{"duration": minutes, "timeUnit": "MINUTES"}, "failure": failure(0), "otpLength": 6.0}}
	}
	s.st.envData[envID].coll(keyDeviceAuthenticationPolicies).add(doc{
		"id": id, "environment": ref(envID), "name": name, "default": def, "forSignOnPolicy": false, "updatedAt": s.next(),
		"authentication": doc{"deviceSelection": "DEFAULT_TO_FIRST"}, "newDeviceNotification": "NONE",
		"sms": offline(5), "voice": offline(5), "email": offline(30),
		"mobile": doc{"enabled": false, "otp": doc{"failure": failure(2)}},
		"totp":   doc{"enabled": true, "otp": doc{"failure": failure(2)}, "passcodeGracePeriod": 5.0},
		"fido2":  doc{"enabled": true},
	})
	return id
}

func (s *seeder) apiResource(envID string, d *envData, name, typ, audience, description string) string {
	id := s.st.ids.uuid()
	now := s.next()
	r := doc{"id": id, "environment": ref(envID), "name": name, "type": typ, "description": description,
		"accessTokenValiditySeconds": float64(3600), "createdAt": now, "updatedAt": now}
	if audience != "" {
		r["audience"] = audience
	}
	d.coll(keyResources).add(r)
	return id
}

// identityProvider adds a copy of fields as an identity provider.
func (s *seeder) identityProvider(envID string, fields doc) string {
	id := s.st.ids.uuid()
	now := s.next()
	p := copyDoc(fields)
	p["id"], p["environment"], p["createdAt"], p["updatedAt"] = id, ref(envID), now, now
	s.st.envData[envID].coll(keyIdentityProviders).add(p)
	return id
}

// seedSignOnPolicies gives every environment PingOne's default policy,
// Sandbox and Production a multi-factor one, and their web portals an
// assignment of it.
func (s *seeder) seedSignOnPolicies(dm *DemoTenant) {
	login := doc{"type": "LOGIN", "priority": 1.0, "recovery": doc{"enabled": true}, "enforceLockoutForIdentityProviders": false}
	mfa := doc{"type": "MULTI_FACTOR_AUTHENTICATION", "priority": 2.0, "noDevicesMode": "BLOCK",
		"condition": doc{"secondsSince": "${session.lastSignOn.withAuthenticator.mfa.at}", "greater": 43200.0}}
	for _, envID := range []string{dm.AdminEnvironmentID, dm.ProductionEnvironmentID, dm.SandboxEnvironmentID, dm.StagingEnvironmentID} {
		id := s.defaultable(keySignOnPolicies, envID, "Single_Factor", "Sign on with a username and password", true)
		loginID := s.action(envID, id, login)
		switch envID {
		case dm.SandboxEnvironmentID:
			dm.SandboxSingleFactorPolicyID, dm.SandboxSingleFactorLoginActionID = id, loginID
		case dm.ProductionEnvironmentID:
			dm.ProductionSingleFactorPolicyID = id
		}
	}
	for _, envID := range []string{dm.ProductionEnvironmentID, dm.SandboxEnvironmentID} {
		id := s.defaultable(keySignOnPolicies, envID, "Multi_Factor", "Username and password, then a second factor", false)
		actions := []string{s.action(envID, id, login), s.action(envID, id, mfa)}
		if envID == dm.SandboxEnvironmentID {
			dm.SandboxMultiFactorPolicyID, dm.SandboxMultiFactorActionIDs = id, actions
			dm.SandboxWebAppPolicyAssignmentID = s.policyAssignment(envID, dm.SandboxWebAppID, id, 1)
		} else {
			dm.ProductionMultiFactorPolicyID = id
			s.policyAssignment(envID, dm.ProductionWebAppID, id, 1)
		}
	}
}

// action adds a copy of fields as an action of a policy.
func (s *seeder) action(envID, policyID string, fields doc) string {
	id := s.st.ids.uuid()
	a := copyDoc(fields)
	a["id"], a["environment"], a["signOnPolicy"] = id, ref(envID), ref(policyID)
	s.st.envData[envID].below(keySignOnPolicyActions, policyID, true).add(a)
	return id
}

func (s *seeder) policyAssignment(envID, appID, policyID string, priority float64) string {
	id := s.st.ids.uuid()
	s.st.envData[envID].below(keySignOnPolicyAssignments, appID, true).add(doc{
		"id": id, "environment": ref(envID), "application": ref(appID), "signOnPolicy": ref(policyID), "priority": priority,
	})
	return id
}

func (s *seeder) roleAssignment(envID, userID, roleID, scopeType, scopeID string) string {
	return s.assign(envID, keyRoleAssignments, userID, roleID, scopeType, scopeID)
}

// assign grants a role to an actor: a user (keyRoleAssignments), a group
// (keyGroupRoleAssignments) or a worker application
// (keyApplicationRoleAssignments).
func (s *seeder) assign(envID, key, actorID, roleID, scopeType, scopeID string) string {
	d := s.st.envData[envID]
	id := s.st.ids.uuid()
	d.below(key, actorID, true).add(doc{
		"id": id, "environment": ref(envID), "role": ref(roleID),
		"scope": doc{"id": scopeID, "type": scopeType}, "readOnly": false,
	})
	return id
}

// customRole adds a custom administrator role to an environment.
func (s *seeder) customRole(envID, name, description string, permissions, applicableTo []string, assignableBy ...string) string {
	id := s.st.ids.uuid()
	perms := make([]any, len(permissions))
	for i, p := range permissions {
		perms[i] = ref(p)
	}
	by := make([]any, len(assignableBy))
	for i, r := range assignableBy {
		by[i] = ref(r)
	}
	s.st.envData[envID].coll(keyCustomRoles).add(doc{"id": id, "environment": ref(envID), "name": name, "description": description,
		"type": "CUSTOM", "permissions": perms, "canBeAssignedBy": by, "applicableTo": toAnySlice(applicableTo)})
	return id
}

// device pairs an MFA device (fields: type, status and per-type details) to a user.
func (s *seeder) device(envID, userID string, fields doc) string {
	d := s.st.envData[envID]
	id := s.st.ids.uuid()
	now := s.next()
	dev := doc{"id": id, "environment": ref(envID), "user": ref(userID), "createdAt": now, "updatedAt": now}
	for k, v := range fields {
		dev[k] = v
	}
	d.below(keyDevices, userID, true).add(dev)
	return id
}

func (s *seeder) env(dm DemoTenant, name, typ, desc, subtype string, products []string, sol string) (string, *envData) {
	id := s.st.ids.uuid()
	now := s.next()
	env := doc{
		"id": id, "name": name, "description": desc, "type": typ, "region": "NA", "status": "ACTIVE",
		"license": ref(dm.LicenseID), "organization": ref(dm.OrganizationID),
		"createdAt": now, "updatedAt": now,
	}
	if subtype != "" {
		env["subtype"] = subtype
	}
	s.st.envs().add(env)
	d := newEnvData()
	s.st.envData[id] = d
	var ps []any
	for _, p := range products {
		ps = append(ps, doc{"id": s.st.ids.uuid(), "type": p, "description": productDescriptions[p]})
	}
	d.bom = doc{"products": ps, "createdAt": now, "updatedAt": now}
	if sol != "" {
		d.bom["solutionType"] = sol
	}
	return id, d
}

var productDescriptions = map[string]string{
	"PING_ONE_BASE":    "PingOne Base",
	"PING_ONE_MFA":     "PingOne MFA",
	"PING_ONE_RISK":    "PingOne Protect",
	"PING_ONE_DAVINCI": "PingOne DaVinci",
	"PING_ONE_VERIFY":  "PingOne Verify",
}

func (s *seeder) population(envID, name, desc string, def bool) string {
	return s.defaultable(keyPopulations, envID, name, desc, def)
}

// defaultable adds a named object that may be its environment's default
// (a population, a sign-on policy) to the collection key.
func (s *seeder) defaultable(key, envID, name, desc string, def bool) string {
	id := s.st.ids.uuid()
	now := s.next()
	s.st.envData[envID].coll(key).add(doc{
		"id": id, "environment": ref(envID), "name": name, "description": desc, "default": def,
		"createdAt": now, "updatedAt": now,
	})
	return id
}

func (s *seeder) group(envID string, d *envData, name, desc, popID string) string {
	id := s.st.ids.uuid()
	now := s.next()
	g := doc{"id": id, "environment": ref(envID), "name": name, "description": desc, "createdAt": now, "updatedAt": now}
	if popID != "" {
		g["population"] = ref(popID)
	}
	d.coll(keyGroups).add(g)
	return id
}

func (s *seeder) oidcApp(envID string, d *envData, name, typ, method, desc string) (string, string) {
	id := s.st.ids.uuid()
	now := s.next()
	a := doc{
		"id": id, "environment": ref(envID), "name": name, "description": desc,
		"protocol": "OPENID_CONNECT", "type": typ, "enabled": true,
		"tokenEndpointAuthMethod": method, "createdAt": now, "updatedAt": now,
	}
	slug := fmt.Sprintf("app-%s", id[:8])
	switch typ {
	case "WORKER":
		a["grantTypes"] = []any{"CLIENT_CREDENTIALS"}
		a["pkceEnforcement"] = "OPTIONAL"
	case "SINGLE_PAGE_APP":
		a["grantTypes"] = []any{"AUTHORIZATION_CODE"}
		a["responseTypes"] = []any{"CODE"}
		a["pkceEnforcement"] = "S256_REQUIRED"
		a["redirectUris"] = []any{"https://" + slug + ".example.com/callback"}
		a["postLogoutRedirectUris"] = []any{"https://" + slug + ".example.com/"}
		a["corsSettings"] = doc{"behavior": "ALLOW_SPECIFIC_ORIGINS", "origins": []any{"https://" + slug + ".example.com"}}
	default:
		a["grantTypes"] = []any{"AUTHORIZATION_CODE", "REFRESH_TOKEN"}
		a["responseTypes"] = []any{"CODE"}
		a["pkceEnforcement"] = "OPTIONAL"
		a["redirectUris"] = []any{"https://" + slug + ".example.com/callback"}
		a["postLogoutRedirectUris"] = []any{"https://" + slug + ".example.com/"}
		a["refreshTokenDuration"] = float64(2592000)
	}
	d.coll(keyApplications).add(a)
	secret := ""
	if hasSecret(a) {
		secret = s.st.ids.secret()
		d.secrets[id] = secret
	}
	return id, secret
}

// nativeApp adds a public NATIVE_APP for interactive sign-in.
func (s *seeder) nativeApp(envID string, d *envData, name, redirect, desc string) string {
	id := s.st.ids.uuid()
	now := s.next()
	d.coll(keyApplications).add(doc{
		"id": id, "environment": ref(envID), "name": name, "description": desc,
		"protocol": "OPENID_CONNECT", "type": "NATIVE_APP", "enabled": true,
		"tokenEndpointAuthMethod": "NONE", "pkceEnforcement": "S256_REQUIRED",
		"grantTypes":    []any{"AUTHORIZATION_CODE", "DEVICE_CODE", "REFRESH_TOKEN"},
		"responseTypes": []any{"CODE"}, "redirectUris": []any{redirect},
		"refreshTokenDuration": float64(2592000), "createdAt": now, "updatedAt": now,
	})
	return id
}

func (s *seeder) samlApp(envID string, d *envData, name, entityID, acs string) string {
	id := s.st.ids.uuid()
	now := s.next()
	d.coll(keyApplications).add(doc{
		"id": id, "environment": ref(envID), "name": name, "description": name + " (SAML 2.0)",
		"protocol": "SAML", "type": "WEB_APP", "enabled": true,
		"spEntityId": entityID, "acsUrls": []any{acs}, "assertionDuration": float64(60),
		"assertionSigned": true, "responseSigned": false, "nameIdFormat": "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
		"createdAt": now, "updatedAt": now,
	})
	return id
}

// person is a seeded user.
type person struct {
	username, given, family, locale, title, phone, externalID string
	disabled, locked, verify, mfa, signedIn, password         bool
}

func (s *seeder) user(envID string, d *envData, popID string, p person, i int) string {
	id := s.st.ids.uuid()
	now := s.next()
	u := doc{
		"id": id, "environment": ref(envID), "population": ref(popID),
		"username": p.username, "email": p.username + "@example.com", "emailVerified": !p.verify,
		"name":    doc{"given": p.given, "family": p.family, "formatted": p.given + " " + p.family},
		"enabled": !p.disabled, "mfaEnabled": p.mfa, "verifyStatus": "NOT_INITIATED",
		"lifecycle":        doc{"status": "ACCOUNT_OK"},
		"identityProvider": doc{"type": "PING_ONE"},
		"createdAt":        now, "updatedAt": now,
	}
	if p.locale != "" {
		u["locale"] = p.locale
		u["preferredLanguage"] = p.locale
	}
	if p.title != "" {
		u["title"] = p.title
	}
	if p.phone != "" {
		u["mobilePhone"] = p.phone
	}
	if p.externalID != "" {
		u["externalId"] = p.externalID
	}
	unlockAccount(u)
	if p.locked {
		lockAccount(u, s.t, time.Time{}, lockedByAdmin)
	}
	if p.verify {
		u["lifecycle"] = doc{"status": "VERIFICATION_REQUIRED"}
	}
	if p.signedIn {
		u["lastSignOn"] = doc{"at": ts(seedEpoch.AddDate(0, 1, i%28)), "remoteIp": fmt.Sprintf("203.0.113.%d", 10+i%200)}
	}
	d.coll(keyUsers).add(u)
	if p.password {
		salt := s.st.ids.secret()[:16]
		d.passwords[id] = passwordRecord{salt: salt, hash: hashPassword(salt, "Demo-Passw0rd!"), lastChangedAt: now}
	}
	return id
}

var sandboxTitles = []string{"Software Engineer", "Engineering Manager", "Site Reliability Engineer", "Data Analyst", "Product Manager"}

// sandboxPeople are the Sandbox users: names from many cultures and scripts.
var sandboxPeople = []person{
	{username: "jdoe", given: "Jane", family: "Doe", locale: "en-US"},
	{username: "jsmith", given: "John", family: "Smith", locale: "en-US"},
	{username: "ejohnson", given: "Emily", family: "Johnson", locale: "en-GB"},
	{username: "mbrown", given: "Michael", family: "Brown", locale: "en-US"},
	{username: "maria.garcia", given: "María", family: "García", locale: "es-ES"},
	{username: "jose.rodriguez", given: "José", family: "Rodríguez", locale: "es-MX"},
	{username: "lucia.fernandez", given: "Lucía", family: "Fernández", locale: "es-AR"},
	{username: "elodie.dubois", given: "Élodie", family: "Dubois", locale: "fr-FR"},
	{username: "jeanluc.moreau", given: "Jean-Luc", family: "Moreau", locale: "fr-CA"},
	{username: "chloe.lefevre", given: "Chloé", family: "Lefèvre", locale: "fr-FR"},
	{username: "juergen.mueller", given: "Jürgen", family: "Müller", locale: "de-DE"},
	{username: "anna.schmidt", given: "Anna", family: "Schmidt", locale: "de-AT"},
	{username: "sophie.schaefer", given: "Sophie", family: "Schäfer", locale: "de-CH"},
	{username: "yuki.tanaka", given: "由紀", family: "田中", locale: "ja-JP"},
	{username: "ken.sato", given: "健", family: "佐藤", locale: "ja-JP"},
	{username: "hanako.suzuki", given: "花子", family: "鈴木", locale: "ja-JP"},
	{username: "wei.wang", given: "伟", family: "王", locale: "zh-CN"},
	{username: "na.li", given: "娜", family: "李", locale: "zh-CN"},
	{username: "min.zhang", given: "敏", family: "张", locale: "zh-TW"},
	{username: "minjun.kim", given: "민준", family: "김", locale: "ko-KR"},
	{username: "seoyeon.lee", given: "서연", family: "이", locale: "ko-KR"},
	{username: "mohammed.ali", given: "محمد", family: "علي", locale: "ar-EG"},
	{username: "fatima.alhassan", given: "فاطمة", family: "الحسن", locale: "ar-AE"},
	{username: "priya.sharma", given: "प्रिया", family: "शर्मा", locale: "hi-IN"},
	{username: "rahul.verma", given: "राहुल", family: "वर्मा", locale: "hi-IN"},
	{username: "anna.ivanova", given: "Анна", family: "Иванова", locale: "ru-RU"},
	{username: "dmitry.smirnov", given: "Дмитрий", family: "Смирнов", locale: "ru-RU"},
	{username: "nikos.papadopoulos", given: "Νίκος", family: "Παπαδόπουλος", locale: "el-GR"},
	{username: "noa.cohen", given: "נועה", family: "כהן", locale: "he-IL"},
	{username: "lan.nguyen", given: "Thị Lan", family: "Nguyễn", locale: "vi-VN"},
	{username: "ayse.yilmaz", given: "Ayşe", family: "Yılmaz", locale: "tr-TR"},
	{username: "mehmet.ozturk", given: "Mehmet", family: "Öztürk", locale: "tr-TR"},
	{username: "lukasz.wisniewski", given: "Łukasz", family: "Wiśniewski", locale: "pl-PL"},
	{username: "zofia.kowalczyk", given: "Zofia", family: "Kowalczyk", locale: "pl-PL"},
	{username: "siobhan.obrien", given: "Siobhán", family: "O'Brien", locale: "en-IE"},
	{username: "bjorn.hansen", given: "Bjørn", family: "Hansen", locale: "nb-NO"},
	{username: "asa.lindqvist", given: "Åsa", family: "Lindqvist", locale: "sv-SE"},
	{username: "amara.okafor", given: "Amara", family: "Okafor", locale: "en-NG"},
	{username: "kwame.mensah", given: "Kwame", family: "Mensah", locale: "en-GH"},
	{username: "thandiwe.nkosi", given: "Thandiwe", family: "Nkosi", locale: "zu-ZA"},
	{username: "joao.silva", given: "João", family: "Silva", locale: "pt-BR"},
	{username: "ines.costa", given: "Inês", family: "Costa", locale: "pt-PT"},
	{username: "giulia.rossi", given: "Giulia", family: "Rossi", locale: "it-IT"},
	{username: "marco.bianchi", given: "Marco", family: "Bianchi", locale: "it-IT"},
	{username: "somchai.jaidee", given: "สมชาย", family: "ใจดี", locale: "th-TH"},
	{username: "gudrun.jonsdottir", given: "Guðrún", family: "Jónsdóttir", locale: "is-IS"},
	{username: "zsofia.nagy", given: "Zsófia", family: "Nagy", locale: "hu-HU"},
	{username: "jiri.dvorak", given: "Jiří", family: "Dvořák", locale: "cs-CZ"},
	{username: "mikko.virtanen", given: "Mikko", family: "Virtanen", locale: "fi-FI"},
	{username: "daan.devries", given: "Daan", family: "de Vries", locale: "nl-NL"},
	{username: "keala.kahananui", given: "Keʻala", family: "Kahananui", locale: "haw-US"},
	{username: "aroha.ngata", given: "Aroha", family: "Ngata", locale: "mi-NZ"},
	{username: "sarah.davis", given: "Sarah", family: "Davis", locale: "en-AU"},
	{username: "david.wilson", given: "David", family: "Wilson", locale: "en-CA"},
	{username: "laura.martin", given: "Laura", family: "Martin", locale: "en-US"},
}

var productionPeople = []person{
	{username: "olivia.harris", given: "Olivia", family: "Harris", locale: "en-US", signedIn: true, mfa: true},
	{username: "liam.walker", given: "Liam", family: "Walker", locale: "en-US", signedIn: true},
	{username: "carmen.ortiz", given: "Carmen", family: "Ortiz", locale: "es-US", signedIn: true, phone: "+15550200001"},
	{username: "hiroshi.yamamoto", given: "博", family: "山本", locale: "ja-JP"},
	{username: "ananya.iyer", given: "Ananya", family: "Iyer", locale: "en-IN", mfa: true, signedIn: true},
	{username: "lucas.schneider", given: "Lucas", family: "Schneider", locale: "de-DE", disabled: true},
	{username: "chen.jie", given: "杰", family: "陈", locale: "zh-CN", phone: "+8613800000001", signedIn: true},
	{username: "amelie.laurent", given: "Amélie", family: "Laurent", locale: "fr-FR", verify: true},
	{username: "omar.haddad", given: "عمر", family: "حداد", locale: "ar-JO", mfa: true, signedIn: true},
	{username: "ewa.nowak", given: "Ewa", family: "Nowak", locale: "pl-PL", locked: true},
	{username: "tomas.novak", given: "Tomáš", family: "Novák", locale: "cs-CZ", signedIn: true},
	{username: "sina.tavakoli", given: "Sina", family: "Tavakoli", locale: "fa-IR", externalID: "CRM-88213"},
}

var stagingPeople = []person{
	{username: "qa.alice", given: "Alice", family: "Tester", locale: "en-US"},
	{username: "qa.bob", given: "Bob", family: "Tester", locale: "en-US", disabled: true},
	{username: "qa.chandra", given: "Chandra", family: "Tester", locale: "en-IN"},
	{username: "qa.dana", given: "Dana", family: "Tester", locale: "he-IL", verify: true},
	{username: "qa.eun", given: "은", family: "테스터", locale: "ko-KR"},
}
