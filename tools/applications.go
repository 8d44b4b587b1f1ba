package tools

import (
	"context"
	"slices"
	"time"

	"github.com/google/jsonschema-go/jsonschema"

	"github.com/p1kit/p1kit/pingone"
)

// ApplicationSummary is one row of list_applications; the members after
// CreatedAt are there only when the call's fields name them.
type ApplicationSummary struct {
	ID                      string     `json:"id"`
	Name                    string     `json:"name"`
	Protocol                string     `json:"protocol"`
	Type                    string     `json:"type"`
	Enabled                 bool       `json:"enabled"`
	CreatedAt               *time.Time `json:"createdAt,omitempty"`
	Description             string     `json:"description,omitempty"`
	GrantTypes              []string   `json:"grantTypes,omitempty"`
	ResponseTypes           []string   `json:"responseTypes,omitempty"`
	RedirectURIs            []string   `json:"redirectUris,omitempty"`
	PostLogoutRedirectURIs  []string   `json:"postLogoutRedirectUris,omitempty"`
	TokenEndpointAuthMethod string     `json:"tokenEndpointAuthMethod,omitempty"`
	PKCEEnforcement         string     `json:"pkceEnforcement,omitempty"`
	ACSURLs                 []string   `json:"acsUrls,omitempty"`
	SPEntityID              string     `json:"spEntityId,omitempty"`
	DomainName              string     `json:"domainName,omitempty"`
	ReplyURL                string     `json:"replyUrl,omitempty"`
	HomePageURL             string     `json:"homePageUrl,omitempty"`
	Tags                    []string   `json:"tags,omitempty"`
}

// applicationFields are the members list_applications adds to its rows on
// request, each with how to copy it from an application.
var applicationFields = []struct {
	name string
	set  func(row *ApplicationSummary, a *pingone.Application)
}{
	{"description", func(r *ApplicationSummary, a *pingone.Application) { r.Description = a.Description }},
	{"grantTypes", func(r *ApplicationSummary, a *pingone.Application) { r.GrantTypes = a.GrantTypes }},
	{"responseTypes", func(r *ApplicationSummary, a *pingone.Application) { r.ResponseTypes = a.ResponseTypes }},
	{"redirectUris", func(r *ApplicationSummary, a *pingone.Application) { r.RedirectURIs = a.RedirectURIs }},
	{"postLogoutRedirectUris", func(r *ApplicationSummary, a *pingone.Application) {
		r.PostLogoutRedirectURIs = a.PostLogoutRedirectURIs
	}},
	{"tokenEndpointAuthMethod", func(r *ApplicationSummary, a *pingone.Application) {
		r.TokenEndpointAuthMethod = a.TokenEndpointAuthMethod
	}},
	{"pkceEnforcement", func(r *ApplicationSummary, a *pingone.Application) { r.PKCEEnforcement = a.PKCEEnforcement }},
	{"acsUrls", func(r *ApplicationSummary, a *pingone.Application) { r.ACSURLs = a.ACSURLs }},
	{"spEntityId", func(r *ApplicationSummary, a *pingone.Application) { r.SPEntityID = a.SPEntityID }},
	{"domainName", func(r *ApplicationSummary, a *pingone.Application) { r.DomainName = a.DomainName }},
	{"replyUrl", func(r *ApplicationSummary, a *pingone.Application) { r.ReplyURL = a.ReplyURL }},
	{"homePageUrl", func(r *ApplicationSummary, a *pingone.Application) { r.HomePageURL = a.HomePageURL }},
	{"tags", func(r *ApplicationSummary, a *pingone.Application) { r.Tags = a.Tags }},
}

type listApplicationsIn struct {
	envIn
	Filter string   `json:"filter,omitempty" jsonschema:"SCIM filter on name (eq, sw) or id (eq), joined with and/or, e.g. name sw \"HR\"."`
	Fields []string `json:"fields,omitempty" jsonschema:"Members to add to each row beyond id, name, protocol, type, enabled and createdAt, e.g. [\"grantTypes\",\"redirectUris\"]; a member the application does not have is left out of its row."`
	pageIn
}

func (listApplicationsIn) tuneSchema(s *jsonschema.Schema) {
	names := make([]string, len(applicationFields))
	for i, f := range applicationFields {
		names[i] = f.name
	}
	enum(s, "fields", names...)
	pageSchema(s, 1000)
}

func listApplications(ctx context.Context, d Deps, in listApplicationsIn) (listOut[ApplicationSummary], error) {
	page, err := d.Client.Applications.List(ctx, in.EnvironmentID, in.options(in.Filter))
	if err != nil {
		return listOut[ApplicationSummary]{}, err
	}
	rows := make([]ApplicationSummary, 0, len(page.Items))
	for _, a := range page.Items {
		row := applications.Summary(a)
		for _, f := range applicationFields {
			if slices.Contains(in.Fields, f.name) {
				f.set(&row, a)
			}
		}
		rows = append(rows, row)
	}
	return listOut[ApplicationSummary]{key: applications.Collection, rows: rows, next: page.NextCursor, count: page.Count}, nil
}

type applicationIn struct {
	envIn
	ApplicationID string `json:"applicationId" jsonschema:"ID (UUID) of the application."`
}

type applicationOut = map[string]*pingone.Application

var applications = Family[pingone.Application, ApplicationSummary, struct{}]{
	Noun: "application", Collection: "applications",
	Client: func(c *pingone.Client) EnvResource[pingone.Application] { return c.Applications },
	Summary: func(a *pingone.Application) ApplicationSummary {
		return ApplicationSummary{ID: a.ID, Name: a.Name, Protocol: string(a.Protocol), Type: string(a.Type), Enabled: a.Enabled, CreatedAt: a.CreatedAt}
	},
	Name: func(a *pingone.Application) string { return a.Name },
	// hand-written: list_applications (fields), get_application (the
	// official server's shape: the application itself, not wrapped), and
	// create and update per protocol
	Omit: VerbList | VerbGet | VerbCreate | VerbUpdate,
	Descriptions: Descriptions{
		Delete: "Deletes an application. Users can no longer sign on to it and its client credentials stop working.",
	},
}

// oidcApplicationIn names the members of an OIDC application a model is
// most likely to set; the application argument also takes every other
// member a get_application result holds (the whole object can be sent back).
type oidcApplicationIn struct {
	Name                    string   `json:"name" jsonschema:"Application name."`
	Enabled                 bool     `json:"enabled" jsonschema:"Whether users can sign on to the application."`
	Protocol                string   `json:"protocol" jsonschema:"Always OPENID_CONNECT."`
	Type                    string   `json:"type" jsonschema:"WEB_APP, NATIVE_APP, SINGLE_PAGE_APP, WORKER, SERVICE or CUSTOM_APP."`
	TokenEndpointAuthMethod string   `json:"tokenEndpointAuthMethod" jsonschema:"How the client authenticates at the token endpoint; NONE for public clients (SINGLE_PAGE_APP, NATIVE_APP)."`
	Description             *string  `json:"description,omitempty" jsonschema:"Description."`
	GrantTypes              []string `json:"grantTypes,omitempty" jsonschema:"OAuth grant types, e.g. [\"AUTHORIZATION_CODE\",\"REFRESH_TOKEN\"]; WORKER apps use CLIENT_CREDENTIALS."`
	ResponseTypes           []string `json:"responseTypes,omitempty" jsonschema:"Response types, e.g. [\"CODE\"]."`
	RedirectURIs            []string `json:"redirectUris,omitempty" jsonschema:"Allowed redirect URIs."`
	PostLogoutRedirectURIs  []string `json:"postLogoutRedirectUris,omitempty" jsonschema:"Allowed post-logout redirect URIs."`
	PKCEEnforcement         *string  `json:"pkceEnforcement,omitempty" jsonschema:"OPTIONAL, REQUIRED or S256_REQUIRED."`
	HomePageURL             *string  `json:"homePageUrl,omitempty" jsonschema:"Home page URL."`
	LoginPageURL            *string  `json:"loginPageUrl,omitempty" jsonschema:"Custom login page URL."`
	InitiateLoginURI        *string  `json:"initiateLoginUri,omitempty" jsonschema:"Third-party initiated login URI."`
	TargetLinkURI           *string  `json:"targetLinkUri,omitempty" jsonschema:"Target link URI after initiated login."`
	RefreshTokenDuration    *int     `json:"refreshTokenDuration,omitempty" jsonschema:"Refresh token lifetime in seconds."`
	RefreshTokenRolling     *int     `json:"refreshTokenRollingDuration,omitempty" jsonschema:"Rolling refresh token lifetime in seconds."`
	Tags                    []string `json:"tags,omitempty" jsonschema:"Application tags."`
}

func (oidcApplicationIn) protocol() string { return pingone.ProtocolOpenIDConnect }

func (oidcApplicationIn) tuneApp(s *jsonschema.Schema) {
	enum(s, "application.protocol", pingone.ProtocolOpenIDConnect)
	enum(s, "application.type", "WEB_APP", "NATIVE_APP", "SINGLE_PAGE_APP", "WORKER", "SERVICE", "CUSTOM_APP")
	enum(s, "application.tokenEndpointAuthMethod", "NONE", "CLIENT_SECRET_BASIC", "CLIENT_SECRET_POST", "CLIENT_SECRET_JWT", "PRIVATE_KEY_JWT")
	enum(s, "application.grantTypes", "AUTHORIZATION_CODE", "IMPLICIT", "REFRESH_TOKEN", "CLIENT_CREDENTIALS", "DEVICE_CODE", "TOKEN_EXCHANGE", "CIBA")
	enum(s, "application.responseTypes", "CODE", "TOKEN", "ID_TOKEN")
	enum(s, "application.pkceEnforcement", "OPTIONAL", "REQUIRED", "S256_REQUIRED")
}

// samlApplicationIn names the members of a SAML application a model is most
// likely to set; like the OIDC one, the argument takes every other member.
type samlApplicationIn struct {
	Name                        string      `json:"name" jsonschema:"Application name."`
	Enabled                     bool        `json:"enabled" jsonschema:"Whether users can sign on to the application."`
	Protocol                    string      `json:"protocol" jsonschema:"Always SAML."`
	Type                        string      `json:"type" jsonschema:"WEB_APP, CUSTOM_APP or TEMPLATE_APP."`
	ACSURLs                     []string    `json:"acsUrls" jsonschema:"Assertion consumer service URLs of the service provider (at least one)."`
	SPEntityID                  string      `json:"spEntityId" jsonschema:"Entity ID of the service provider; unique in the environment."`
	AssertionDuration           int         `json:"assertionDuration" jsonschema:"Assertion lifetime in seconds."`
	Description                 *string     `json:"description,omitempty" jsonschema:"Description."`
	AssertionSigned             *bool       `json:"assertionSigned,omitempty" jsonschema:"Whether the assertion is signed."`
	ResponseSigned              *bool       `json:"responseSigned,omitempty" jsonschema:"Whether the SAML response is signed."`
	NameIDFormat                *string     `json:"nameIdFormat,omitempty" jsonschema:"Name ID format, e.g. urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress."`
	DefaultTargetURL            *string     `json:"defaultTargetUrl,omitempty" jsonschema:"Where an IdP-initiated sign-on lands."`
	SLOBinding                  *string     `json:"sloBinding,omitempty" jsonschema:"Single logout binding: HTTP_POST or HTTP_REDIRECT."`
	SLOEndpoint                 *string     `json:"sloEndpoint,omitempty" jsonschema:"Single logout endpoint of the service provider."`
	SLOResponseEndpoint         *string     `json:"sloResponseEndpoint,omitempty" jsonschema:"Single logout response endpoint of the service provider."`
	SessionNotOnOrAfterDuration *int        `json:"sessionNotOnOrAfterDuration,omitempty" jsonschema:"Session lifetime the assertion states, in seconds."`
	IDPSigning                  *samlSignIn `json:"idpSigning,omitempty" jsonschema:"The key PingOne signs assertions with."`
	Tags                        []string    `json:"tags,omitempty" jsonschema:"Application tags."`
}

type samlSignIn struct {
	Key       *refIn `json:"key,omitempty" jsonschema:"The signing key."`
	Algorithm string `json:"algorithm,omitempty" jsonschema:"Signing algorithm, e.g. SHA256withRSA."`
}

func (samlApplicationIn) protocol() string { return pingone.ProtocolSAML }

func (samlApplicationIn) tuneApp(s *jsonschema.Schema) {
	enum(s, "application.protocol", pingone.ProtocolSAML)
	enum(s, "application.type", "WEB_APP", "CUSTOM_APP", "TEMPLATE_APP")
	enum(s, "application.sloBinding", "HTTP_POST", "HTTP_REDIRECT")
	bounds(s, "application.assertionDuration", 1, 2592000)
	prop(s, "application.spEntityId").Pattern = "" // an entity id, not a PingOne id
}

// wsFedApplicationIn names the members of a WS-Federation application a
// model is most likely to set; the argument takes every other member too.
type wsFedApplicationIn struct {
	Name                        string     `json:"name" jsonschema:"Application name."`
	Enabled                     bool       `json:"enabled" jsonschema:"Whether users can sign on to the application."`
	Protocol                    string     `json:"protocol" jsonschema:"Always WS_FED."`
	Type                        string     `json:"type" jsonschema:"WEB_APP, CUSTOM_APP or TEMPLATE_APP."`
	DomainName                  string     `json:"domainName" jsonschema:"The federated domain name, e.g. example.com (Microsoft 365 and other WS-Fed relying parties)."`
	ReplyURL                    string     `json:"replyUrl" jsonschema:"URL the relying party receives the token at."`
	IDPSigning                  samlSignIn `json:"idpSigning" jsonschema:"The key PingOne signs tokens with: key {\"id\": …} from list_certificates and algorithm."`
	Description                 *string    `json:"description,omitempty" jsonschema:"Description."`
	AudienceRestriction         *string    `json:"audienceRestriction,omitempty" jsonschema:"The audience the token is restricted to (default urn:federation:MicrosoftOnline)."`
	SLOEndpoint                 *string    `json:"sloEndpoint,omitempty" jsonschema:"Single logout endpoint of the relying party."`
	SubjectNameIdentifierFormat *string    `json:"subjectNameIdentifierFormat,omitempty" jsonschema:"Subject name identifier format, e.g. urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified."`
	AssertionDuration           *int       `json:"assertionDuration,omitempty" jsonschema:"Token lifetime in seconds."`
	Tags                        []string   `json:"tags,omitempty" jsonschema:"Application tags."`
}

func (wsFedApplicationIn) protocol() string { return pingone.ProtocolWSFed }

func (wsFedApplicationIn) tuneApp(s *jsonschema.Schema) {
	enum(s, "application.protocol", pingone.ProtocolWSFed)
	enum(s, "application.type", "WEB_APP", "CUSTOM_APP", "TEMPLATE_APP")
	bounds(s, "application.assertionDuration", 1, 2592000)
}

// externalLinkApplicationIn is an external link: a bookmark in the
// application portal, with no sign-on protocol of its own.
type externalLinkApplicationIn struct {
	Name                string   `json:"name" jsonschema:"Application name, as the portal shows it."`
	Enabled             bool     `json:"enabled" jsonschema:"Whether the link is shown."`
	Protocol            string   `json:"protocol" jsonschema:"Always EXTERNAL_LINK."`
	Type                string   `json:"type" jsonschema:"Always PORTAL_LINK_APP."`
	HomePageURL         string   `json:"homePageUrl" jsonschema:"The URL the link opens."`
	Description         *string  `json:"description,omitempty" jsonschema:"Description."`
	HiddenFromAppPortal *bool    `json:"hiddenFromAppPortal,omitempty" jsonschema:"true to leave the link out of the application portal."`
	Tags                []string `json:"tags,omitempty" jsonschema:"Application tags."`
}

func (externalLinkApplicationIn) protocol() string { return pingone.ProtocolExternalLink }

func (externalLinkApplicationIn) tuneApp(s *jsonschema.Schema) {
	enum(s, "application.protocol", pingone.ProtocolExternalLink)
	enum(s, "application.type", pingone.AppTypePortalLinkApp)
}

// appBody is the typed part of an application argument, one per protocol.
type appBody interface {
	protocol() string
	tuneApp(s *jsonschema.Schema)
}

// appArg is the application argument: the members of B (typed, with their
// enums), open to every other member so that a get_application result can
// be sent back whole. An update requires none of them.
func appArg[B appBody](s *jsonschema.Schema, desc string, create bool) *jsonschema.Schema {
	body := mustSchema[B]()
	body.Description = desc
	body.AdditionalProperties = &jsonschema.Schema{}
	if !create {
		body.Required = nil
	}
	s.Properties["application"] = body
	var b B
	b.tuneApp(s)
	return body
}

// applicationDescription describes the application argument of the create
// and update tools alike, so that the instructions say it once
// (Registry.CommonArguments).
const applicationDescription = "The application's members: those the tool lists, and any other sent as given, so a whole get_application result " +
	"may be sent (edited; its read-only members are left out). An update changes only the members given."

type createAppIn[B appBody] struct {
	envIn
	Application map[string]any `json:"application"`
}

func (createAppIn[B]) tuneSchema(s *jsonschema.Schema) {
	appArg[B](s, applicationDescription, true)
}

type updateAppIn[B appBody] struct {
	applicationIn
	Application map[string]any `json:"application"`
	Clear       []string       `json:"clear,omitempty"`
}

func (updateAppIn[B]) tuneSchema(s *jsonschema.Schema) {
	body := appArg[B](s, applicationDescription, false)
	var optional []any
	for _, name := range body.PropertyOrder {
		if !slices.Contains(mustSchema[B]().Required, name) {
			optional = append(optional, name)
		}
	}
	s.Properties[clearArg] = &jsonschema.Schema{Types: []string{"null", "array"}, Items: &jsonschema.Schema{Type: "string", Enum: optional},
		Description: clearDescription}
}

// applicationBody is the application argument without nulls (OpenAI strict
// mode sends null for every optional member the model did not use); it
// refuses a body of another protocol, or of another application.
func applicationBody(app map[string]any, protocol, id string) (map[string]any, error) {
	body, _ := withoutNulls(app).(map[string]any)
	if p, ok := body["protocol"]; ok && p != protocol {
		return nil, invalidArgs("application.protocol is %v; this tool writes %s applications", p, protocol)
	}
	if got, ok := body["id"]; ok && id != "" && got != id {
		return nil, invalidArgs("application.id %v is not the applicationId %s: the object belongs to another application", got, id)
	}
	return body, nil
}

// withoutNulls returns v without its objects' null members; v is not changed.
func withoutNulls(v any) any {
	return copyJSON(v, func(x any) bool { return x != nil }, nil)
}

func createApplication[B appBody](ctx context.Context, d Deps, in createAppIn[B]) (applicationOut, error) {
	var b B
	body, err := applicationBody(in.Application, b.protocol(), "")
	if err != nil {
		return nil, err
	}
	app, err := mergeInto(&pingone.Application{}, body)
	if err != nil {
		return nil, err
	}
	created, err := d.Client.Applications.Create(ctx, in.EnvironmentID, app)
	return applications.one(created), err
}

func updateApplication[B appBody](ctx context.Context, d Deps, in updateAppIn[B]) (applicationOut, error) {
	var b B
	body, err := applicationBody(in.Application, b.protocol(), in.ApplicationID)
	if err != nil {
		return nil, err
	}
	if err := refuseGivenAndCleared(body, in.Clear, func(m string) string { return "application." + m }); err != nil {
		return nil, err
	}
	cur, err := d.Client.Applications.Get(ctx, in.EnvironmentID, in.ApplicationID)
	if err != nil {
		return nil, err
	}
	if cur.Protocol != b.protocol() {
		return nil, invalidArgs("application %s is a %s application, not %s; this tool updates %s applications only", in.ApplicationID, cur.Protocol, b.protocol(), b.protocol())
	}
	next, err := mergeInto(cur, body, in.Clear...)
	if err != nil {
		return nil, err
	}
	a, err := d.Client.Applications.Update(ctx, in.EnvironmentID, in.ApplicationID, next)
	return applications.one(a), err
}

// applicationSecretOut is the client secret of an OIDC application. The
// output policy redacts both secret members unless it reveals secrets.
type applicationSecretOut struct {
	ApplicationID string                     `json:"applicationId"`
	Secret        string                     `json:"secret"`
	Previous      *applicationPreviousSecret `json:"previous,omitempty"`
}

type applicationPreviousSecret struct {
	Secret    string     `json:"secret"`
	ExpiresAt *time.Time `json:"expiresAt,omitempty"`
}

type rotateSecretIn struct {
	applicationIn
	KeepPreviousMinutes int `json:"keepPreviousMinutes,omitempty" jsonschema:"How long the former secret keeps working, in minutes (2 to 43200 = 30 days); PingOne's default when omitted."`
}

func (rotateSecretIn) tuneSchema(s *jsonschema.Schema) { bounds(s, "keepPreviousMinutes", 2, 43200) }

func secretOut(appID string, sec *pingone.ApplicationSecret) applicationSecretOut {
	out := applicationSecretOut{ApplicationID: appID, Secret: sec.Secret}
	if sec.Previous != nil {
		out.Previous = &applicationPreviousSecret{Secret: sec.Previous.Secret, ExpiresAt: sec.Previous.ExpiresAt}
	}
	return out
}

func applicationTools() []*Tool {
	all := append(applications.Tools(),
		New(Meta{
			Name: "list_applications", Title: "List applications", Collection: "applications", Effect: Read,
			Description: "Lists the applications of an environment: id, name, protocol, type, enabled, createdAt, " +
				"and the members fields names (grant types, redirect URIs, …), so an audit of every application's grants or URIs takes one call per page. " +
				"filter finds applications by name.",
		}, listApplications),
		New(Meta{
			Name: "get_application", Title: "Get application", Collection: "applications", Effect: Read, Target: applications.Target(),
			Description: "Returns one application in full (the application object itself, as Ping's own MCP server does), whatever its protocol " +
				"(OIDC, SAML, WS-Fed, external link). Never includes the client secret.",
		}, func(ctx context.Context, d Deps, in applicationIn) (*pingone.Application, error) {
			return d.Client.Applications.Get(ctx, in.EnvironmentID, in.ApplicationID)
		}),
		New(Meta{
			Name: "get_application_secret", Title: "Get application secret", Collection: "applications", Effect: Read, Target: applications.Target(),
			Description: "Returns the client secret of an OIDC application that has one (and the previous secret while a rotation is in progress). " +
				"The value is redacted unless the operator's output policy reveals secrets; use it to check that a secret exists.",
		}, func(ctx context.Context, d Deps, in applicationIn) (applicationSecretOut, error) {
			sec, err := d.Client.Applications.GetSecret(ctx, in.EnvironmentID, in.ApplicationID)
			if err != nil {
				return applicationSecretOut{}, err
			}
			return secretOut(in.ApplicationID, sec), nil
		}),
		New(Meta{
			Name: "rotate_application_secret", Title: "Rotate application secret", Collection: "applications", Effect: Update, EnvironmentArg: "environmentId",
			Target: applications.Target(), Confirm: Confirm{Required: true},
			Description: "Generates a new client secret for an OIDC application that authenticates with one. The former secret keeps working until " +
				"previous.expiresAt (keepPreviousMinutes), so clients can move to the new one; delete_application_previous_secret ends it early. " +
				"Returns both secrets, redacted unless the operator's output policy reveals secrets.",
		}, func(ctx context.Context, d Deps, in rotateSecretIn) (applicationSecretOut, error) {
			var opts *pingone.RotateSecretOptions
			if in.KeepPreviousMinutes > 0 {
				opts = &pingone.RotateSecretOptions{PreviousExpiresAt: time.Now().Add(time.Duration(in.KeepPreviousMinutes) * time.Minute)}
			}
			sec, err := d.Client.Applications.RotateSecret(ctx, in.EnvironmentID, in.ApplicationID, opts)
			if err != nil {
				return applicationSecretOut{}, err
			}
			return secretOut(in.ApplicationID, sec), nil
		}),
		New(Meta{
			Name: "delete_application_previous_secret", Title: "Delete previous application secret", Collection: "applications", Effect: Delete, EnvironmentArg: "environmentId",
			Target: applications.Target(),
			Description: "Ends the former client secret of an OIDC application after rotate_application_secret, before it expires: clients still using it " +
				"can no longer sign in. The current secret is unchanged. Fails with not found when there is no previous secret (never rotated, deleted or expired).",
		}, func(ctx context.Context, d Deps, in applicationIn) (deleted, error) {
			err := d.Client.Applications.DeletePreviousSecret(ctx, in.EnvironmentID, in.ApplicationID)
			return deleted{Deleted: err == nil, ID: in.ApplicationID}, err
		}),
	)
	for _, ts := range [][]*Tool{
		protocolTools[oidcApplicationIn]("oidc", "OIDC",
			"Creates an OpenID Connect application: WEB_APP, NATIVE_APP, SINGLE_PAGE_APP (tokenEndpointAuthMethod NONE), WORKER "+
				"(CLIENT_CREDENTIALS; can hold admin roles), SERVICE or CUSTOM_APP. To copy an application, send its get_application result "+
				"with another name. Returns the application; its client secret is not returned (get_application_secret).",
			"Updates the members given of an OpenID Connect application (send only redirectUris to change only them); "+
				"applications of other protocols are refused."),
		protocolTools[samlApplicationIn]("saml", "SAML",
			"Creates a SAML application (type WEB_APP, CUSTOM_APP or TEMPLATE_APP) for a service provider: acsUrls, spEntityId "+
				"(unique in the environment) and assertionDuration are required. Returns the application.",
			"Updates the members given of a SAML application; applications of other protocols are refused."),
		protocolTools[wsFedApplicationIn]("wsfed", "WS-Fed",
			"Creates a WS-Federation application (type WEB_APP, CUSTOM_APP or TEMPLATE_APP), e.g. for Microsoft 365: domainName, replyUrl "+
				"and idpSigning (the signing key from list_certificates) are required. Returns the application.",
			"Updates the members given of a WS-Federation application; applications of other protocols are refused."),
		protocolTools[externalLinkApplicationIn]("external_link", "external link",
			"Creates an external link (type PORTAL_LINK_APP): a bookmark to homePageUrl in the users' application portal, with no sign-on "+
				"of its own. Returns the application.",
			"Updates the members given of an external link application (its name, homePageUrl, whether it is shown); other applications are refused."),
	} {
		all = append(all, ts...)
	}
	return all
}

// protocolTools are the create and update tools of one protocol's
// applications (create_<name>_application, update_<name>_application).
func protocolTools[B appBody](name, title, create, update string) []*Tool {
	return []*Tool{
		New(Meta{
			Name: "create_" + name + "_application", Title: "Create " + title + " application", Collection: "applications", Effect: Create,
			EnvironmentArg: "environmentId", Description: create,
		}, createApplication[B]),
		New(Meta{
			Name: "update_" + name + "_application", Title: "Update " + title + " application", Collection: "applications", Effect: Update,
			EnvironmentArg: "environmentId", Target: applications.Target(), Description: update,
		}, updateApplication[B]),
	}
}
