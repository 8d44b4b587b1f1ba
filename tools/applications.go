package tools

import (
	"context"
	"time"

	"github.com/google/jsonschema-go/jsonschema"

	"github.com/p1kit/p1kit/pingone"
)

// ApplicationSummary is one row of list_applications.
type ApplicationSummary struct {
	ID        string     `json:"id"`
	Name      string     `json:"name"`
	Protocol  string     `json:"protocol"`
	Type      string     `json:"type"`
	Enabled   bool       `json:"enabled"`
	CreatedAt *time.Time `json:"createdAt,omitempty"`
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
	Omit: VerbCreate | VerbUpdate, // hand-written: OIDC applications (create_oidc_application, update_oidc_application)
	Descriptions: Descriptions{
		List:   "Lists the applications of an environment, one page at a time (id, name, protocol, type, enabled, createdAt).",
		Get:    "Returns one application in full, whatever its protocol (OIDC, SAML, WS-Fed, external link). Never includes the client secret.",
		Delete: "Deletes an application. Users can no longer sign on to it and its client credentials stop working.",
	},
}

// oidcApplicationIn is the OIDC application a model may send. Omitted
// optional fields are left to PingOne's defaults on create and kept as they
// are on update.
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

func tuneOIDC(s *jsonschema.Schema) {
	enum(s, "application.protocol", "OPENID_CONNECT")
	enum(s, "application.type", "WEB_APP", "NATIVE_APP", "SINGLE_PAGE_APP", "WORKER", "SERVICE", "CUSTOM_APP")
	enum(s, "application.tokenEndpointAuthMethod", "NONE", "CLIENT_SECRET_BASIC", "CLIENT_SECRET_POST", "CLIENT_SECRET_JWT", "PRIVATE_KEY_JWT")
	enum(s, "application.grantTypes", "AUTHORIZATION_CODE", "IMPLICIT", "REFRESH_TOKEN", "CLIENT_CREDENTIALS", "DEVICE_CODE", "TOKEN_EXCHANGE", "CIBA")
	enum(s, "application.responseTypes", "CODE", "TOKEN", "ID_TOKEN")
	enum(s, "application.pkceEnforcement", "OPTIONAL", "REQUIRED", "S256_REQUIRED")
}

type createOIDCIn struct {
	envIn
	Application oidcApplicationIn `json:"application" jsonschema:"The OIDC application to create."`
}

func (createOIDCIn) tuneSchema(s *jsonschema.Schema) { tuneOIDC(s) }

type updateOIDCIn struct {
	applicationIn
	Application oidcApplicationIn `json:"application" jsonschema:"The OIDC application's new settings; optional fields you omit keep their current values."`
}

func (updateOIDCIn) tuneSchema(s *jsonschema.Schema) { tuneOIDC(s) }

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

func applicationTools() []*Tool {
	return append(applications.Tools(),
		New(Meta{
			Name: "get_application_secret", Title: "Get application secret", Collection: "applications", Effect: Read, Target: applications.Target(),
			Description: "Returns the client secret of an OIDC application that has one (and the previous secret while a rotation is in progress). " +
				"The value is redacted unless the operator's output policy reveals secrets; use it to check that a secret exists.",
		}, func(ctx context.Context, d Deps, in applicationIn) (applicationSecretOut, error) {
			sec, err := d.Client.Applications.GetSecret(ctx, in.EnvironmentID, in.ApplicationID)
			if err != nil {
				return applicationSecretOut{}, err
			}
			out := applicationSecretOut{ApplicationID: in.ApplicationID, Secret: sec.Secret}
			if sec.Previous != nil {
				out.Previous = &applicationPreviousSecret{Secret: sec.Previous.Secret, ExpiresAt: sec.Previous.ExpiresAt}
			}
			return out, nil
		}),
		New(Meta{
			Name: "create_oidc_application", Title: "Create OIDC application", Collection: "applications", Effect: Create, EnvironmentArg: "environmentId",
			Description: "Creates an OpenID Connect application (web, native, single-page, worker, service or custom). " +
				"The client secret is not returned; PingOne keeps it.",
		}, func(ctx context.Context, d Deps, in createOIDCIn) (applicationOut, error) {
			app, err := mergeInto(&pingone.Application{}, in.Application)
			if err != nil {
				return nil, err
			}
			created, err := d.Client.Applications.Create(ctx, in.EnvironmentID, app)
			return applications.one(created), err
		}),
		New(Meta{
			Name: "update_oidc_application", Title: "Update OIDC application", Collection: "applications", Effect: Update, EnvironmentArg: "environmentId",
			Target: applications.Target(),
			Description: "Updates an OpenID Connect application. p1kit reads the application first and merges: optional fields you omit keep their current values. " +
				"Only OPENID_CONNECT applications can be updated with this tool.",
		}, func(ctx context.Context, d Deps, in updateOIDCIn) (applicationOut, error) {
			cur, err := d.Client.Applications.Get(ctx, in.EnvironmentID, in.ApplicationID)
			if err != nil {
				return nil, err
			}
			if string(cur.Protocol) != "OPENID_CONNECT" {
				return nil, invalidArgs("application %s is a %s application, not OPENID_CONNECT; this tool updates OIDC applications only", in.ApplicationID, cur.Protocol)
			}
			next, err := mergeInto(cur, in.Application)
			if err != nil {
				return nil, err
			}
			a, err := d.Client.Applications.Update(ctx, in.EnvironmentID, in.ApplicationID, next)
			return applications.one(a), err
		}),
	)
}
