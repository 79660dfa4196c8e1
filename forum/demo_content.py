"""The demo forum's threads: invented, plausible chatter of a Milan coworking network."""

# (board key or "space", author key, subject, body, [(reply author, reply body), …])
THREADS = [
    (
        "bacheca",
        "moderator",
        "Benvenuti nel forum di Tavolone!",
        "Qui si parla di tutto ciò che riguarda la rete: scrivanie, eventi, domande.\n\n"
        "Due regole: **rispetto** e niente spam. I primi messaggi dei nuovi iscritti passano "
        "dalla moderazione, poi si scrive liberamente.",
        [
            ("giulia", "Che bello, finalmente un posto unico per tutti gli spazi!"),
            ("marco", "Grazie! Ci vediamo al prossimo aperitivo."),
        ],
    ),
    (
        "bacheca",
        "editor",
        "Chiusura estiva: gli orari di agosto",
        "Quasi tutti gli spazi restano aperti ad agosto con orario ridotto (9-17). "
        "Controllate la pagina del vostro spazio per le date precise.",
        [],
    ),
    (
        "bacheca",
        "giulia",
        "Trovato un caricabatterie USB-C al tavolone",
        "Ieri sera qualcuno ha dimenticato un caricabatterie USB-C bianco vicino alla finestra. "
        "L'ho lasciato alla reception di Lambrate.",
        [("marco", "È mio! Grazie mille, passo domani a prenderlo.")],
    ),
    (
        "bacheca",
        "marco",
        "Stampante del secondo piano: toner finito",
        "Segnalo che la stampante laser è senza toner da stamattina.",
        [("space manager", "Ordinato, arriva giovedì. Nel frattempo usate quella al piano terra.")],
    ),
    (
        "bacheca",
        "moderator",
        "Nuovo regolamento per la cucina comune",
        "Per favore lavate le tazze e svuotate il frigo il venerdì: quello che resta "
        "viene buttato il sabato mattina.",
        [],
    ),
    (
        "bacheca",
        "giulia",
        "Cerchiamo un nome per la pianta del tavolone",
        "La ficus al centro del tavolone merita un nome. Proposte?",
        [("marco", "Fausto. Il ficus Fausto."), ("moderator", "Voto Fausto anche io.")],
    ),
    (
        "cerco-offro-scrivania",
        "space manager",
        "Lambrate: 3 scrivanie libere da settembre",
        "Si liberano tre postazioni fisse vicino alle finestre. Abbonamento mensile, "
        "armadietto incluso. Scrivetemi qui o passate a trovarci.",
        [("giulia", "Una la prenoto per una collega grafica, ti scrivo in privato.")],
    ),
    (
        "cerco-offro-scrivania",
        "marco",
        "Cerco scrivania part-time zona Isola",
        "Sviluppatore freelance, cerco una postazione 3 giorni a settimana, possibilmente "
        "vicino alla M5. Silenzio gradito.",
        [("giulia", "Prova a chiedere allo spazio di via Borsieri, hanno una sala silenziosa.")],
    ),
    (
        "cerco-offro-scrivania",
        "giulia",
        "Offro mezza scrivania per il mese di luglio",
        "Sarò in viaggio per lavoro: la mia postazione fissa è libera a luglio, "
        "con monitor esterno. Meglio se qualcuno che la tiene in ordine :)",
        [],
    ),
    (
        "cerco-offro-scrivania",
        "marco",
        "Postazione per un team di 4 persone?",
        "Una piccola startup cerca un angolo per quattro, con una saletta per le call. "
        "Budget ragionevole, da ottobre.",
        [
            ("space manager", "A Lambrate abbiamo un'isola da quattro: vieni a vederla martedì?"),
            ("marco", "Perfetto, martedì alle 11."),
        ],
    ),
    (
        "cerco-offro-scrivania",
        "giulia",
        "Scambio scrivania: Lambrate ↔ Navigli",
        "Abito ai Navigli da questo mese: qualcuno vuole scambiare la postazione "
        "a Lambrate con una più a sud?",
        [],
    ),
    (
        "eventi",
        "moderator",
        "Aperitivo di rete: giovedì alle 19",
        "Ci vediamo al tavolone di Lambrate per l'aperitivo mensile della rete. "
        "Portate qualcosa da condividere!",
        [("giulia", "Porto la focaccia."), ("marco", "Io i taralli e una bottiglia di bianco.")],
    ),
    (
        "eventi",
        "editor",
        "Free coworking week durante il Fuorisalone",
        "Durante la design week gli spazi della rete aprono gratis le porte a chi vuole "
        "provare il coworking. Iscrizioni a breve.",
        [("marco", "Ottima idea, lo scorso anno è venuta un sacco di gente.")],
    ),
    (
        "eventi",
        "giulia",
        "Workshop: fatturazione elettronica per freelance",
        "Una commercialista della community terrà un workshop di due ore sulla fattura "
        "elettronica e il regime forfettario. Posti limitati a 15.",
        [("marco", "Mi iscrivo! Ho ancora dubbi sul bollo.")],
    ),
    (
        "eventi",
        "marco",
        "Torneo di calcio balilla tra spazi",
        "Lambrate sfida tutti gli altri spazi. Squadre da due, finale a fine mese.",
        [],
    ),
    (
        "eventi",
        "space manager",
        "Presentazione dei progetti dei coworker",
        "Cinque minuti a testa per raccontare cosa fate: un modo per conoscersi e magari "
        "trovare collaborazioni.",
        [("giulia", "Mi prenoto per presentare il mio studio di illustrazione.")],
    ),
    (
        "eventi",
        "moderator",
        "Pulizia del parco Lambro: chi viene?",
        "Sabato mattina pulizia volontaria del parco con il quartiere. Guanti forniti.",
        [],
    ),
    (
        "domande-e-risposte",
        "marco",
        "Partita IVA forfettaria: serve il commercialista?",
        "Apro la partita IVA il mese prossimo. Voi vi fate seguire da un commercialista "
        "o fate da soli?",
        [
            ("giulia", "All'inizio meglio farsi seguire, almeno il primo anno."),
            ("editor", "Ne parliamo al workshop del mese prossimo, vedi la sezione Eventi."),
        ],
    ),
    (
        "domande-e-risposte",
        "giulia",
        "Quale VPN usate per lavorare dal coworking?",
        "Il mio cliente chiede una VPN per accedere ai suoi server. Consigli?",
        [("marco", "Se ti danno loro la configurazione, WireGuard è la più semplice.")],
    ),
    (
        "domande-e-risposte",
        "marco",
        "Si può ricevere la posta allo spazio?",
        "Vorrei usare l'indirizzo del coworking per ricevere i pacchi di lavoro.",
        [
            (
                "space manager",
                "Sì, a Lambrate c'è il servizio di domiciliazione posta: chiedi in reception.",
            )
        ],
    ),
    (
        "domande-e-risposte",
        "giulia",
        "Monitor esterni: meglio 24 o 27 pollici?",
        "Devo comprare un monitor da lasciare in postazione. Che misura usate?",
        [("marco", "27 a 1440p, non torneresti indietro.")],
    ),
    (
        "domande-e-risposte",
        "marco",
        "Assicurazione professionale per sviluppatori",
        "Qualcuno ha una polizza RC professionale da consigliare per chi fa software?",
        [],
    ),
    (
        "domande-e-risposte",
        "giulia",
        "Come funziona la sala riunioni condivisa?",
        "Si prenota a ore o a mezze giornate? C'è un limite al mese?",
        [
            (
                "space manager",
                "A ore, dal calendario condiviso: 8 ore al mese incluse nell'abbonamento.",
            )
        ],
    ),
    (
        "space",
        "space manager",
        "Wi-Fi potenziato al piano terra",
        "Abbiamo installato due nuovi access point: fateci sapere se la connessione va meglio.",
        [
            ("giulia", "Molto meglio, le videochiamate non cadono più."),
            ("marco", "Confermo, anche in cucina adesso prende."),
        ],
    ),
    (
        "space",
        "giulia",
        "Chi porta il caffè questa settimana?",
        "Il barattolo del caffè è vuoto. Facciamo i turni?",
        [("marco", "Questa settimana tocca a me.")],
    ),
    (
        "space",
        "marco",
        "Biciclette in cortile: servono altre rastrelliere",
        "Il cortile è pieno di bici, si potrebbero aggiungere due rastrelliere?",
        [],
    ),
    (
        "space",
        "space manager",
        "Orari di Natale",
        "Dal 24 dicembre al 6 gennaio lo spazio apre solo la mattina.",
        [],
    ),
    (
        "host",
        "space manager",
        "Contratti tipo per le postazioni fisse",
        "Condivido il modello di contratto che usiamo a Lambrate: chi ha suggerimenti?",
        [("moderator", "Aggiungerei una clausola sul preavviso di disdetta.")],
    ),
    (
        "host",
        "moderator",
        "Riunione degli host: calendario autunno",
        "Proposta: una riunione al mese, a rotazione negli spazi della rete.",
        [],
    ),
]

# A few threads in every space's forum ("{space}": the space's name; "host": its host).
SPACE_THREADS = [
    (
        "host",
        "Benvenuti a {space}: presentatevi!",
        "Chi lavora qui da poco (o da tanto) lasci due righe: cosa fate, cosa cercate, "
        "a che ora vi troviamo al tavolone.",
        [
            ("giulia", "Giulia, grafica freelance: di solito dalle 9 alle 17, lato finestra."),
            ("marco", "Marco, sviluppatore. Sempre pronto a due chiacchiere alla macchinetta."),
        ],
    ),
    (
        "giulia",
        "{space}: c'è una postazione libera venerdì?",
        "Venerdì vorrei portare una collega per una giornata di prova: c'è posto?",
        [("host", "Sì, due postazioni libere: passate dalla reception al mattino.")],
    ),
]
