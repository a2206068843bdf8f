package org.markauth.issuer.cli;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.markauth.issuer.app.Issuer;
import org.markauth.issuer.app.IssuerServices;
import org.markauth.registry.LicenceStatus;
import org.markauth.issuer.registry.Licensee;
import io.vertx.core.json.JsonObject;
import org.markauth.issuer.print.Carrier;
import org.markauth.issuer.print.LabelTemplate;
import org.markauth.issuer.print.LabelTemplates;
import org.markauth.issuer.registry.Product;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code issuer licensee|product|licence …}: the registry (and a licensee's partnerships). */
final class RegistryCommands {

    private RegistryCommands() {
    }

    @Command(name = "licensee", description = "licensees", subcommands = {Licensees.Create.class, Licensees.Show.class,
            Licensees.Blacklist.class, Licensees.Gs1Prefix.class, Licensees.WithdrawPartner.class})
    static final class Licensees {
        @Command(name = "create")
        static final class Create extends IssuerCommand {
            @Option(names = "--id", required = true) String id;
            @Option(names = "--name", required = true) String name;
            @Option(names = "--name-en") String nameEn;
            @Option(names = "--uscc", required = true, description = "unified social credit code (GB 32100)") String uscc;
            @Option(names = "--address") String address;
            @Option(names = "--contact", description = "key=value, repeatable") Map<String, String> contacts = new LinkedHashMap<>();

            @Override
            Integer run(Issuer issuer, IssuerServices s) {
                Licensee l = s.registry.createLicensee(principal(), new Licensee.Details(id, name, nameEn, uscc, address, contacts));
                out().println("licensee " + l.licenseeId() + " registered");
                return 0;
            }
        }

        @Command(name = "show")
        static final class Show extends IssuerCommand {
            @Parameters(index = "0") String id;

            @Override
            Integer run(Issuer issuer, IssuerServices s) {
                out().println(s.registry.licensee(principal(), id));
                return 0;
            }
        }

        @Command(name = "blacklist", description = "put on (or with --off take off) the quality-credit blacklist")
        static final class Blacklist extends IssuerCommand {
            @Parameters(index = "0") String id;
            @Option(names = "--reason", required = true) String reason;
            @Option(names = "--off") boolean off;

            @Override
            Integer run(Issuer issuer, IssuerServices s) {
                Licensee l = s.registry.setBlacklisted(principal(), id, !off, reason);
                out().println("licensee " + id + (l.blacklisted() ? " blacklisted" : " not blacklisted"));
                return 0;
            }
        }

        @Command(name = "gs1-prefix", description = "register the licensee's GS1 Company Prefix (6-12 digits; audited), or "
                + "with --clear remove it: it splits SGTIN URNs and starts the SSCCs allocated for the licensee")
        static final class Gs1Prefix extends IssuerCommand {
            @Parameters(index = "0") String id;
            @Option(names = "--prefix", description = "the prefix as GS1 allocated it") String prefix;
            @Option(names = "--clear") boolean clear;

            @Override
            Integer run(Issuer issuer, IssuerServices s) {
                if (clear == (prefix != null)) {
                    throw new IllegalArgumentException("give either --prefix <digits> or --clear");
                }
                Licensee l = s.registry.setGs1CompanyPrefix(principal(), id, clear ? null : prefix);
                out().println("licensee " + id + " GS1 Company Prefix: " + (l.gs1CompanyPrefix() == null ? "none" : l.gs1CompanyPrefix()));
                return 0;
            }
        }

        @Command(name = "withdraw-partner", description = "withdraw a supply-chain partnership: the partner's events for the "
                + "licensee's marks are refused from now on (PARTNERSHIP_ENDED)")
        static final class WithdrawPartner extends IssuerCommand {
            @Parameters(index = "0", description = "the licensee that declared the partner") String id;
            @Parameters(index = "1", description = "the partner's licensee id") String partnerId;
            @Option(names = "--reason", required = true) String reason;

            @Override
            Integer run(Issuer issuer, IssuerServices s) {
                var x = s.partners.withdraw(principal(), id, partnerId, reason);
                out().println("partnership of " + id + " with " + partnerId + " withdrawn at " + x.withdrawnAt());
                return 0;
            }
        }
    }

    @Command(name = "product", description = "licensed products", subcommands = {Products.Create.class, Products.LabelTemplateCmd.class})
    static final class Products {
        /**
         * {@code issuer product label-template <productId> [--carrier QR|DATAMATRIX] [--set JSON]}: shows the
         * product's label template, or replaces it — the template as it is with the options given changed
         * (the API's PUT takes the whole template; docs/print-formats.md). Refused as the API refuses it.
         */
        @Command(name = "label-template", description = "show or change a product's label template (ZPL/CIJ layout, carrier)")
        static final class LabelTemplateCmd extends IssuerCommand {
            @Parameters(index = "0") int productId;
            @Option(names = "--carrier", description = "QR or DATAMATRIX: the symbol the labels, PDF sheet and images carry the mark in")
            String carrier;
            @Option(names = "--set", description = "template fields as JSON, e.g. '{\"widthMm\":25,\"heightMm\":15,\"lines\":[\"SERIAL\"]}'")
            String set;

            @Override
            Integer run(Issuer issuer, IssuerServices s) {
                LabelTemplates.Stored stored = s.labelTemplates.get(principal(), productId);
                if (carrier != null || set != null) {
                    JsonObject j = stored.template().toJson();
                    if (set != null) {
                        try {
                            j.mergeIn(new JsonObject(set));
                        } catch (io.vertx.core.json.DecodeException e) {
                            throw new IllegalArgumentException("--set must be a JSON object of template fields, got '" + set + "'");
                        }
                    }
                    if (carrier != null) {
                        j.put("carrier", Carrier.parse(carrier, "--carrier").name());
                    }
                    stored = s.labelTemplates.put(principal(), productId, LabelTemplate.fromJson(j));
                }
                out().println(stored.template().toJson().put("default", stored.standard()).put(stored.template().carrier() == Carrier.QR
                        ? "qr" : "dataMatrix", s.labelTemplates.symbol(stored)).encodePrettily());
                return 0;
            }
        }

        @Command(name = "create")
        static final class Create extends IssuerCommand {
            @Option(names = "--id", description = "product number (default: drawn at random)") int id;
            @Option(names = "--licensee", required = true) String licensee;
            @Option(names = "--name", required = true) String name;
            @Option(names = "--name-en") String nameEn;
            @Option(names = "--model") String model;
            @Option(names = "--category", required = true) String category;
            @Option(names = "--gtin") String gtin;
            @Option(names = "--standard-no", required = true) String standardNo;
            @Option(names = "--standard-title", required = true) String standardTitle;
            @Option(names = "--indicator", description = "core indicator name=value, repeatable") Map<String, String> indicators = new LinkedHashMap<>();
            @Option(names = "--photo", description = "photo URL, repeatable") List<String> photos = new ArrayList<>();
            @Option(names = "--region", description = "market region, repeatable") List<String> regions = new ArrayList<>();

            @Override
            Integer run(Issuer issuer, IssuerServices s) {
                Product p = s.registry.createProduct(principal(), new Product.Details(id, licensee, name, nameEn, model, category,
                        gtin, standardNo, standardTitle, indicators, photos, new HashSet<>(regions)));
                out().println("product " + p.productId() + " registered");
                return 0;
            }
        }
    }

    @Command(name = "licence", description = "licences", subcommands = {Licences.Grant.class, Licences.Status.class,
            Licences.Expire.class})
    static final class Licences {
        @Command(name = "grant", description = "grant or renew the licence of a product (ACTIVE)")
        static final class Grant extends IssuerCommand {
            @Parameters(index = "0", description = "product id") int productId;
            @Option(names = "--no", required = true, description = "licence number") String no;
            @Option(names = "--from", required = true, description = "YYYY-MM-DD") LocalDate from;
            @Option(names = "--until", required = true, description = "YYYY-MM-DD (exclusive)") LocalDate until;

            @Override
            Integer run(Issuer issuer, IssuerServices s) {
                var l = s.registry.grantLicence(principal(), productId, no, from.atStartOfDay(ZoneOffset.UTC).toInstant(),
                        until.atStartOfDay(ZoneOffset.UTC).toInstant(), "granted by CLI");
                out().println("licence " + l.licenceNo() + " " + l.status());
                return 0;
            }
        }

        @Command(name = "status", description = "suspend, revoke, reinstate (ACTIVE) or expire a licence")
        static final class Status extends IssuerCommand {
            @Parameters(index = "0", description = "product id") int productId;
            @Option(names = "--to", required = true) LicenceStatus to;
            @Option(names = "--reason", required = true) String reason;

            @Override
            Integer run(Issuer issuer, IssuerServices s) {
                out().println("licence " + s.registry.changeLicenceStatus(principal(), productId, to, reason).status());
                return 0;
            }
        }

        @Command(name = "expire", description = "move ACTIVE licences whose validUntil has passed to EXPIRED, audited "
                + "(what serve runs every issuer.licence-expiry-interval)")
        static final class Expire extends IssuerCommand {
            @Override
            Integer run(Issuer issuer, IssuerServices s) {
                out().println(s.registry.expireLicences() + " licence(s) expired");
                return 0;
            }
        }
    }
}
