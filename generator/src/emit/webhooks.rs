//! The `webhooks` module: one enum of every webhook the API declares, decoding an incoming
//! delivery by the webhook's name or (when the payloads say it) by a field of the body.

use super::docs::doc_attrs;
use super::types::{ident, rust_type};
use crate::ir::Webhooks;
use proc_macro2::TokenStream;
use quote::quote;

pub fn emit(webhooks: &Webhooks) -> TokenStream {
    let models = quote! { super::models:: };
    let variants = webhooks.hooks.iter().map(|h| {
        let v = ident(&h.variant);
        let ty = rust_type(&h.payload, &models);
        let name_doc = format!(" `{}`", h.name);
        let doc = doc_attrs(h.doc.as_deref());
        let sep = (!doc.is_empty()).then(|| quote! { #[doc = ""] });
        quote! {
            #doc
            #sep
            #[doc = #name_doc]
            #v(#ty),
        }
    });
    let names: Vec<&str> = webhooks.hooks.iter().map(|h| h.name.as_str()).collect();
    let by_name = webhooks.hooks.iter().map(|h| {
        let v = ident(&h.variant);
        let name = &h.name;
        quote! { #name => Webhook::#v(serde_json::from_value(body)?), }
    });
    let name_arms = webhooks.hooks.iter().map(|h| {
        let v = ident(&h.variant);
        let name = &h.name;
        quote! { Webhook::#v(_) => #name, }
    });
    let from_body = webhooks.tag.as_ref().map(|tag| {
        let arms = webhooks.hooks.iter().filter_map(|h| {
            let v = ident(&h.variant);
            let value = h.tag_value.as_ref()?;
            Some(quote! { #value => Webhook::#v(serde_json::from_value(body)?), })
        });
        let doc = format!(
            " Decodes a delivery by its payload's `{tag}` field, which each webhook sets to a\n value of its own. A value this crate does not know is kept whole in\n [`Webhook::Unknown`], named by that value."
        );
        quote! {
            #[doc = #doc]
            pub fn from_body(body: &[u8]) -> Result<Self, serde_json::Error> {
                let body: serde_json::Value = serde_json::from_slice(body)?;
                let tag = body
                    .get(#tag)
                    .and_then(serde_json::Value::as_str)
                    .unwrap_or_default()
                    .to_owned();
                Ok(match tag.as_str() {
                    #(#arms)*
                    _ => Webhook::Unknown { name: tag, body },
                })
            }
        }
    });
    quote! {
        // Payloads differ in size as the API's do; boxing them would only add noise.
        #![allow(clippy::large_enum_variant)]
        /// A delivery of one of the API's webhooks, with its typed payload.
        ///
        /// A server receiving webhooks decodes the request body with
        /// [`Webhook::from_name`] (when the route or a header says which webhook it is)
        /// or, where the payloads carry their own kind, `Webhook::from_body`.
        #[derive(Debug, Clone, PartialEq)]
        pub enum Webhook {
            #(#variants)*
            /// A delivery of a webhook this crate does not know (added to the API later),
            /// kept whole.
            Unknown {
                /// The webhook's name, as the delivery gave it.
                name: String,
                body: serde_json::Value,
            },
        }

        impl Webhook {
            /// The names of the webhooks the API declares.
            pub const NAMES: &'static [&'static str] = &[#(#names),*];

            /// Decodes a delivery of the webhook named `name` (one of [`Webhook::NAMES`]);
            /// an unknown name keeps the body whole in [`Webhook::Unknown`].
            pub fn from_name(name: &str, body: &[u8]) -> Result<Self, serde_json::Error> {
                let body: serde_json::Value = serde_json::from_slice(body)?;
                Ok(match name {
                    #(#by_name)*
                    _ => Webhook::Unknown { name: name.to_owned(), body },
                })
            }

            #from_body

            /// The webhook's name.
            pub fn name(&self) -> &str {
                match self {
                    #(#name_arms)*
                    Webhook::Unknown { name, .. } => name,
                }
            }
        }
    }
}
