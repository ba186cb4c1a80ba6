//! The README's rule catalogue section is generated from `src/azure/network.rs`: this test rewrites it
//! locally when it is stale and fails under CI (rust-analyzer's `ensure_file_contents` pattern).

use amlnet::internals::azure::network::{self, Access, Catalogue, PeerTemplate, Ports, Protocol, RuleTemplate};

const BEGIN: &str = "<!-- generated:catalogues -->\n";
const END: &str = "<!-- /generated:catalogues -->";

fn peer(p: PeerTemplate) -> String {
    match p {
        PeerTemplate::Any => "*".to_owned(),
        PeerTemplate::Tag(tag) => format!("`{}`", tag.name()),
        PeerTemplate::RegionalTag(tag) => format!("`{}.<Region>`", tag.name()),
        PeerTemplate::FromSpec => "from the spec".to_owned(),
    }
}

fn ports(p: Ports) -> String {
    match p {
        Ports::Any => "*".to_owned(),
        Ports::FromSpec => "from the spec".to_owned(),
        Ports::List(list) => list
            .iter()
            .map(|r| if r.0 == r.1 { r.0.to_string() } else { format!("{}-{}", r.0, r.1) })
            .collect::<Vec<_>>()
            .join(", "),
    }
}

fn row(rule: &RuleTemplate) -> String {
    let proto = match rule.protocol {
        Protocol::Tcp => "TCP",
        Protocol::Udp => "UDP",
        Protocol::Any => "any",
    };
    let access = match rule.access {
        Access::Allow => "allow",
        Access::Deny => "deny",
    };
    let retired = network::RETIRED
        .iter()
        .find(|(id, _)| *id == rule.id)
        .map(|(_, when)| format!("; retired {when}"))
        .unwrap_or_default();
    format!(
        "| `{}` | {:?} {access} | {proto} {} | {} → {} | {} | {}{retired} |\n",
        rule.id,
        rule.direction,
        ports(rule.ports),
        peer(rule.source),
        peer(rule.destination),
        rule.trigger.describe(),
        rule.why,
    )
}

fn section() -> String {
    let mut out = String::new();
    for (catalogue, title) in [(Catalogue::Seed2019, "seed-2019"), (Catalogue::Current, "current")] {
        let rules = network::rules(catalogue);
        let source = rules[0].source_doc;
        out.push_str(&format!("\n**`{title}`** — {} (checked {})\n\n", source.doc, source.checked));
        out.push_str("| entry | rule | protocol, ports | from → to | when | why |\n|---|---|---|---|---|---|\n");
        for rule in rules {
            out.push_str(&row(rule));
        }
    }
    out.push_str(
        "\nRoutes (both catalogues, when `forced_tunneling` is set): `0.0.0.0/0` to the appliance or the Internet \
(`default_route`), each `internet_routes` service tag and each `internet_prefixes` prefix with next hop Internet.\n\n",
    );
    out
}

#[test]
fn readme_catalogue_section_is_fresh() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let start = readme.find(BEGIN).expect("README has the catalogue markers") + BEGIN.len();
    let end = readme[start..].find(END).expect("README has the closing marker") + start;
    let fresh = section();
    if readme[start..end] == fresh {
        return;
    }
    if std::env::var_os("CI").is_some() {
        panic!("README.md's rule catalogue section is stale: run `cargo test` locally and commit README.md");
    }
    std::fs::write(&path, format!("{}{fresh}{}", &readme[..start], &readme[end..])).unwrap();
    panic!("README.md's rule catalogue section was stale and has been updated: review and commit it");
}
